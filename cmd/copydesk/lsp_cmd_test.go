package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// frame frames JSON-RPC messages as the LSP base protocol does.
func frame(msgs ...map[string]any) string {
	var b strings.Builder
	for _, m := range msgs {
		m["jsonrpc"] = "2.0"
		data, err := json.Marshal(m)
		if err != nil {
			panic(err)
		}
		fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(data), data)
	}
	return b.String()
}

// TestLSPCommand runs `copydesk lsp` in-process on a whole session read
// from stdin: it answers initialize and shutdown and exits 0 on exit, 1
// when the session ends without shutdown; bad flags exit 2.
func TestLSPCommand(t *testing.T) {
	inRoot(t)
	session := []map[string]any{
		{"id": 1, "method": "initialize", "params": map[string]any{"capabilities": map[string]any{}}},
		{"method": "initialized", "params": map[string]any{}},
		{"id": 2, "method": "shutdown"},
		{"method": "exit"},
	}
	code, out, errOut := copydesk(t, frame(session...), "lsp", "--stdio")
	if code != 0 || !strings.Contains(out, `"id":1,"result":{"capabilities":{"positionEncoding":"utf-16"`) || !strings.Contains(out, `"id":2,"result":null`) {
		t.Errorf("lsp session: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if code, _, _ := copydesk(t, frame(session[:2]...), "lsp"); code != 1 {
		t.Errorf("lsp session without shutdown: exit %d, want 1", code)
	}
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--config", "testdata/rules/bad/dup-ids.yml"}, "dup-ids.yml"},
		{[]string{"--jurisdiction", "RU"}, "--jurisdiction RU"},
		{[]string{"--debounce", "-1s"}, "--debounce -1s"},
		{[]string{"extra"}, "lsp takes no arguments"},
	} {
		code, _, errOut := copydesk(t, "", append([]string{"lsp"}, tt.args...)...)
		if code != exitConfig || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("lsp %q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, tt.stderr)
		}
	}
}
