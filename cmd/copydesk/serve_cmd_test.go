package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeOptions checks that bad serve flags, rule files and token
// files end the command with exit code 2 and a message naming them.
func TestServeOptions(t *testing.T) {
	inRoot(t)
	for _, tt := range []struct {
		args   []string
		stderr string
	}{
		{[]string{"--addr", "0.0.0.0:8080"}, "--addr 0.0.0.0:8080 is not a loopback address: give --token-file"},
		{[]string{"--addr", ":8080"}, "is not a loopback address"},
		{[]string{"--addr", "8080"}, "expected host:port"},
		{[]string{"--token-file", "nope"}, "--token-file"},
		{[]string{"--max-body", "0"}, "--max-body 0: expected a size"},
		{[]string{"--max-body", "ten"}, "--max-body ten: expected a size"},
		{[]string{"--concurrency", "0"}, "--concurrency 0"},
		{[]string{"--read-timeout", "0s"}, "--read-timeout 0s: must be positive"},
		{[]string{"--fail-on", "fatal"}, "--fail-on fatal"},
		{[]string{"--log-format", "xml"}, "--log-format xml"},
		{[]string{"--rules", "testdata/rules/bad/dup-ids.yml"}, "dup"},
		{[]string{"extra"}, "serve takes no arguments"},
	} {
		code, _, errOut := copydesk(t, "", append([]string{"serve"}, tt.args...)...)
		if code != exitConfig || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("serve %q: exit %d, stderr %q; want exit 2 and %q", tt.args, code, errOut, tt.stderr)
		}
	}
	empty := filepath.Join(t.TempDir(), "empty")
	if err := os.WriteFile(empty, []byte(" \n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := copydesk(t, "", "serve", "--token-file", empty); code != exitConfig || !strings.Contains(errOut, "the file is empty") {
		t.Errorf("empty token file: exit %d, %s", code, errOut)
	}
}
