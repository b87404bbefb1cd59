package lsp

import (
	"bufio"
	"context"
	"encoding/json"

	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
)

// A test client: it speaks to a Server over pipes as an editor does,
// keeps the text of the documents it opened, applies the edits the
// server sends with workspace/applyEdit, and records every
// publishDiagnostics.

// guard bounds how long the client waits for the server before failing
// the test: it is no assertion on speed, only a way out of a hang.
const guard = 2 * time.Minute

type client struct {
	t      testing.TB
	w      io.WriteCloser
	srv    *Server
	runErr chan error

	mu        sync.Mutex
	cond      *sync.Cond
	nextID    int
	waiting   map[string]chan *message              // requests not answered yet, by id
	calls     map[int]chan *message                 // requests not waited for yet
	published map[string][]PublishDiagnosticsParams // by URI, in order received
	texts     map[string]string                     // documents open, by URI
	versions  map[string]int32
	requests  []string // methods of the server's requests, in order
	utf8      bool     // positions agreed in UTF-8
	applyFail bool     // refuse workspace/applyEdit
}

// newClient starts a server with options o (in the working directory
// dir) and a client on it. The server is stopped when the test ends.
func newClient(t testing.TB, dir string, o Options, setup func(*Server)) *client {
	t.Helper()
	if o.Tool.Name == "" {
		o.Tool = report.Tool{Name: "copydesk", Version: "test"}
	}
	env := &lint.Env{Dir: dir, Stderr: testLog{t}, Getenv: func(string) string { return "" }}
	srv := New(env, o)
	if setup != nil {
		setup(srv)
	}
	toSrv, fromClient := io.Pipe()
	fromSrv, toClient := io.Pipe()
	c := &client{t: t, w: fromClient, srv: srv, runErr: make(chan error, 1),
		waiting: map[string]chan *message{}, calls: map[int]chan *message{}, published: map[string][]PublishDiagnosticsParams{},
		texts: map[string]string{}, versions: map[string]int32{}}
	c.cond = sync.NewCond(&c.mu)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		err := srv.Run(ctx, toSrv, toClient)
		toClient.Close()
		c.runErr <- err
	}()
	go c.read(bufio.NewReader(fromSrv))
	t.Cleanup(func() {
		cancel()
		fromClient.Close()
		fromSrv.Close()
	})
	return c
}

// testLog sends the server's log to the test's.
type testLog struct{ t testing.TB }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (c *client) read(r *bufio.Reader) {
	for {
		data, err := readMessage(r)
		if err != nil {
			c.mu.Lock()
			for _, ch := range c.waiting {
				close(ch)
			}
			c.waiting = map[string]chan *message{}
			c.mu.Unlock()
			return
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			c.t.Errorf("the server sent invalid JSON: %v: %s", err, data)
			continue
		}
		switch {
		case m.isResponse():
			c.mu.Lock()
			ch := c.waiting[idKey(m.ID)]
			delete(c.waiting, idKey(m.ID))
			c.mu.Unlock()
			if ch != nil {
				ch <- &m
			}
		case m.isRequest():
			c.mu.Lock()
			c.requests = append(c.requests, m.Method)
			c.cond.Broadcast()
			c.mu.Unlock()
			go c.serve(&m)
		case m.Method == "textDocument/publishDiagnostics":
			var p PublishDiagnosticsParams
			if err := json.Unmarshal(m.Params, &p); err != nil {
				c.t.Errorf("publishDiagnostics: %v", err)
				continue
			}
			c.mu.Lock()
			c.published[p.URI] = append(c.published[p.URI], p)
			c.cond.Broadcast()
			c.mu.Unlock()
		}
	}
}

// serve answers a request of the server.
func (c *client) serve(m *message) {
	var result any
	switch m.Method {
	case "workspace/applyEdit":
		var p ApplyWorkspaceEditParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Errorf("applyEdit: %v", err)
			return
		}
		c.mu.Lock()
		fail := c.applyFail
		c.mu.Unlock()
		if fail {
			result = ApplyWorkspaceEditResult{Applied: false, FailureReason: "refused by the test"}
			break
		}
		c.applyWorkspaceEdit(p.Edit)
		result = ApplyWorkspaceEditResult{Applied: true}
	}
	c.send(map[string]any{"jsonrpc": "2.0", "id": m.ID, "result": result})
}

func (c *client) send(v any) {
	data, err := json.Marshal(v)
	if err != nil {
		c.t.Fatal(err)
	}
	if _, err := fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(data), data); err != nil {
		c.t.Errorf("writing to the server: %v", err)
	}
}

// call sends a request and waits for its response.
func (c *client) call(method string, params any) *message {
	c.t.Helper()
	id := c.start(method, params)
	return c.wait(id)
}

// start sends a request and returns its id, to wait with wait.
func (c *client) start(method string, params any) int {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan *message, 1)
	c.waiting[fmt.Sprint(id)] = ch
	c.calls[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	return id
}

func (c *client) wait(id int) *message {
	c.t.Helper()
	c.mu.Lock()
	ch := c.calls[id]
	delete(c.calls, id)
	c.mu.Unlock()
	if ch == nil {
		c.t.Fatalf("request %d was waited for already", id)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			c.t.Fatalf("the server closed the connection before answering request %d", id)
		}
		return m
	case <-time.After(guard):
		c.t.Fatalf("no answer to request %d", id)
	}
	return nil
}

// result decodes a response's result into v, failing on an error.
func (c *client) result(m *message, v any) {
	c.t.Helper()
	if m.Error != nil {
		c.t.Fatalf("error response: %v", m.Error)
	}
	if v != nil {
		if err := json.Unmarshal(m.Result, v); err != nil {
			c.t.Fatalf("result %s: %v", m.Result, err)
		}
	}
}

func (c *client) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// initialize initializes the server, offering UTF-8 positions or not,
// and returns its answer.
func (c *client) initialize(offerUTF8 bool) InitializeResult {
	c.t.Helper()
	caps := map[string]any{
		"workspace":    map[string]any{"applyEdit": true},
		"textDocument": map[string]any{"publishDiagnostics": map[string]any{"relatedInformation": true}, "hover": map[string]any{"contentFormat": []string{"markdown", "plaintext"}}},
	}
	if offerUTF8 {
		caps["general"] = map[string]any{"positionEncodings": []string{"utf-8", "utf-16"}}
	}
	var res InitializeResult
	c.result(c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": caps}), &res)
	c.utf8 = res.Capabilities.PositionEncoding == encUTF8
	c.notify("initialized", map[string]any{})
	return res
}

// open opens a document.
func (c *client) open(uri, languageID, text string) {
	c.mu.Lock()
	c.texts[uri] = text
	c.versions[uri] = 1
	c.mu.Unlock()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: languageID, Version: 1, Text: text}})
}

// change sends the whole new text of a document, as a new version.
func (c *client) change(uri, text string) int32 {
	c.mu.Lock()
	c.texts[uri] = text
	c.versions[uri]++
	v := c.versions[uri]
	c.mu.Unlock()
	c.notify("textDocument/didChange", map[string]any{
		"textDocument":   VersionedTextDocumentIdentifier{URI: uri, Version: v},
		"contentChanges": []map[string]any{{"text": text}},
	})
	return v
}

// edit sends edits of a document as incremental changes.
func (c *client) edit(uri string, edits []TextEdit) int32 {
	c.mu.Lock()
	text := c.texts[uri]
	var changes []TextDocumentContentChangeEvent
	for _, e := range edits {
		r := e.Range
		changes = append(changes, TextDocumentContentChangeEvent{Range: &r, Text: e.NewText})
		text = c.applyText(text, []TextEdit{e})
	}
	c.texts[uri] = text
	c.versions[uri]++
	v := c.versions[uri]
	c.mu.Unlock()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{TextDocument: VersionedTextDocumentIdentifier{URI: uri, Version: v}, ContentChanges: changes})
	return v
}

// text is the client's text of a document.
func (c *client) text(uri string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.texts[uri]
}

// applyWorkspaceEdit applies an edit the server asked for as a change of
// the document, which it then sends back, as an editor does.
func (c *client) applyWorkspaceEdit(e WorkspaceEdit) {
	for uri, edits := range e.Changes {
		c.change(uri, c.applyText(c.text(uri), edits))
	}
	for _, dc := range e.DocumentChanges {
		c.change(dc.TextDocument.URI, c.applyText(c.text(dc.TextDocument.URI), dc.Edits))
	}
}

// applyText applies TextEdits to text, working out offsets on its own
// (lines split at "\n", characters counted in the agreed encoding), not
// with the server's code.
func (c *client) applyText(text string, edits []TextEdit) string {
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{c.offsetOf(text, e.Range.Start), c.offsetOf(text, e.Range.End), e.NewText})
	}
	// LSP edits of one change do not overlap and refer to the text before
	// any of them: apply them from the last.
	for i := len(spans) - 1; i >= 0; i-- {
		for j := 0; j < i; j++ {
			if spans[j].start > spans[j+1].start {
				spans[j], spans[j+1] = spans[j+1], spans[j]
			}
		}
	}
	for i := len(spans) - 1; i >= 0; i-- {
		s := spans[i]
		text = text[:s.start] + s.text + text[s.end:]
	}
	return text
}

// offsetOf is the byte offset of a Position in text.
func (c *client) offsetOf(text string, p Position) int {
	lines := strings.SplitAfter(text, "\n")
	off := 0
	for i := 0; i < p.Line && i < len(lines); i++ {
		off += len(lines[i])
	}
	if p.Line >= len(lines) {
		return len(text)
	}
	line := strings.TrimRight(lines[p.Line], "\r\n")
	if c.utf8 {
		return off + min(p.Character, len(line))
	}
	units := 0
	for i, r := range line {
		if units >= p.Character {
			return off + i
		}
		units += len(utf16.Encode([]rune{r}))
	}
	return off + len(line)
}

// positionOf is the Position of a byte offset in text, counted as
// offsetOf counts.
func (c *client) positionOf(text string, off int) Position {
	before := text[:off]
	line := strings.Count(before, "\n")
	col := before[strings.LastIndex(before, "\n")+1:]
	if c.utf8 {
		return Position{line, len(col)}
	}
	return Position{line, len(utf16.Encode([]rune(col)))}
}

// diagnostics waits for the diagnostics of version v of a document (or
// of a later version) and returns them.
func (c *client) diagnostics(uri string, v int32) PublishDiagnosticsParams {
	c.t.Helper()
	deadline := time.Now().Add(guard)
	timer := time.AfterFunc(guard, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		ps := c.published[uri]
		if n := len(ps); n > 0 && ps[n-1].Version != nil && *ps[n-1].Version >= v {
			return ps[n-1]
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("no diagnostics for version %d of %s (got %d publications)", v, uri, len(ps))
		}
		c.cond.Wait()
	}
}

// waitRequest waits until the server has sent a request of method.
func (c *client) waitRequest(method string) {
	c.t.Helper()
	deadline := time.Now().Add(guard)
	timer := time.AfterFunc(guard, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for !slices.Contains(c.requests, method) {
		if time.Now().After(deadline) {
			c.t.Fatalf("the server sent no %s request", method)
		}
		c.cond.Wait()
	}
}

// publications returns what was published for a document so far.
func (c *client) publications(uri string) []PublishDiagnosticsParams {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]PublishDiagnosticsParams(nil), c.published[uri]...)
}

// sync returns once the server has handled every message sent before:
// it answers a request only after the notifications before it.
func (c *client) sync() {
	c.t.Helper()
	m := c.call("copydesk/no-such-method", map[string]any{})
	if m.Error == nil || m.Error.Code != codeMethodNotFound {
		c.t.Fatalf("sync: want MethodNotFound, got %+v", m)
	}
}

// shutdown shuts the server down and waits for it to exit.
func (c *client) shutdown() {
	c.t.Helper()
	c.result(c.call("shutdown", nil), nil)
	c.notify("exit", nil)
	select {
	case err := <-c.runErr:
		if err != nil {
			c.t.Errorf("Run after shutdown and exit = %v, want nil", err)
		}
	case <-time.After(guard):
		c.t.Fatal("the server did not exit")
	}
}

// fixture copies files of the repository into a temporary directory
// (src path → name there) and returns the directory. It holds a .git
// directory, so that no config above it is found.
func fixture(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	for src, name := range files {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, name), string(data))
	}
	return dir
}

func write(t testing.TB, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
