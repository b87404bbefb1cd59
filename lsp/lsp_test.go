package lsp

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
	"github.com/copydesk/copydesk/rules"
)

// houseFixture is a directory holding the house config (jurisdiction ru
// added, so the exact notice rule runs) and pack, and the articles
// named, under articles/.
func houseFixture(t *testing.T, articles ...string) string {
	t.Helper()
	files := map[string]string{"../testdata/rules/house.yml": "house.yml"}
	for _, a := range articles {
		files["../testdata/articles/"+a] = "articles/" + a
	}
	dir := fixture(t, files)
	cfg := strings.Replace(read(t, "../testdata/rules/house.copydesk.yml"), "jurisdictions: []", "jurisdictions: [ru]", 1)
	write(t, filepath.Join(dir, ".copydesk.yml"), cfg)
	return dir
}

// expected checks a file with the lint library directly, as check does:
// the findings a client must be shown.
func expected(t *testing.T, dir, path string) (*lint.Linter, []checker.Finding) {
	t.Helper()
	env := &lint.Env{Dir: dir}
	l, err := env.LoadWith(lint.LoadOptions{From: filepath.Dir(path)})
	if err != nil {
		t.Fatal(err)
	}
	_, fs, ierr := l.CheckDocument(lint.Input{Path: path, Abs: path, Charset: "utf-8"}, []byte(read(t, path)), nil)
	if ierr != nil {
		t.Fatal(ierr.Message)
	}
	var shown []checker.Finding
	for _, f := range fs {
		if !f.Suppressed {
			shown = append(shown, f)
		}
	}
	if len(shown) == 0 {
		t.Fatalf("%s has no findings to test with", path)
	}
	return l, shown
}

// TestDiagnostics opens an article and compares its diagnostics with the
// findings check gives it: range (positions from checker.Position, UTF-16
// columns), severity, code, rule url, message, and for the exact check
// the expected text, related to where the rule file writes it.
func TestDiagnostics(t *testing.T) {
	dir := houseFixture(t, "rferl-aleppo-altered-notice.html")
	path := filepath.Join(dir, "articles", "rferl-aleppo-altered-notice.html")
	_, want := expected(t, dir, path)

	c := newClient(t, dir, Options{}, nil)
	res := c.initialize(false)
	if res.Capabilities.PositionEncoding != encUTF16 || res.Capabilities.TextDocumentSync.Change != 2 || res.ServerInfo.Name != "copydesk" {
		t.Errorf("initialize result %+v", res)
	}
	uri := fileURI(path)
	c.open(uri, "html", read(t, path))
	got := c.diagnostics(uri, 1).Diagnostics
	if len(got) != len(want) {
		t.Fatalf("%d diagnostics, want %d: %+v", len(got), len(want), got)
	}
	exact := 0
	for i, f := range want {
		d := got[i]
		wantRange := Range{Position{f.Start.Line - 1, f.Start.Column16 - 1}, Position{f.End.Line - 1, f.End.Column16 - 1}}
		if d.Range != wantRange {
			t.Errorf("%s: range %+v, want %+v", f.Rule.ID, d.Range, wantRange)
		}
		if d.Code != f.Rule.ID || d.Message != f.Message || d.Source != "copydesk" || d.Severity != map[rules.Severity]int{rules.SevError: 1, rules.SevWarning: 2, rules.SevInfo: 3}[f.Severity] {
			t.Errorf("diagnostic %+v, want the finding %s %s %q", d, f.Rule.ID, f.Severity, f.Message)
		}
		if f.Rule.URL == "" || d.CodeDescription == nil || d.CodeDescription.Href != f.Rule.URL {
			t.Errorf("%s: codeDescription %+v, want %q", f.Rule.ID, d.CodeDescription, f.Rule.URL)
		}
		if f.Rule.Kind() != "exact" {
			if len(d.RelatedInformation) != 0 {
				t.Errorf("%s: related information %+v", f.Rule.ID, d.RelatedInformation)
			}
			continue
		}
		exact++
		if len(d.RelatedInformation) != 1 {
			t.Fatalf("%s: related information %+v, want the expected text", f.Rule.ID, d.RelatedInformation)
		}
		ri := d.RelatedInformation[0]
		house := read(t, filepath.Join(dir, "house.yml"))
		if f.Expected == "" || ri.Message != "expected: "+f.Expected || !strings.Contains(house, f.Expected[max(0, len(f.Expected)-30):]) {
			t.Errorf("%s: related message %q", f.Rule.ID, ri.Message)
		}
		// Where house.yml writes the text: the line after "text: |".
		line := strings.Count(house[:max(0, strings.Index(house, "id: house/undesirable-notice"))], "\n")
		if ri.Location.URI != fileURI(filepath.Join(dir, "house.yml")) || ri.Location.Range.Start.Line <= line {
			t.Errorf("%s: related location %+v, want house.yml after line %d", f.Rule.ID, ri.Location, line+1)
		}
	}
	if exact != 2 {
		t.Errorf("%d exact findings, want the 2 altered paragraphs of the notice", exact)
	}
	c.shutdown()
}

// TestPositionEncodings checks a finding after an emoji and Cyrillic on
// its line: in UTF-16 code units by default, in bytes when the client
// offers UTF-8.
func TestPositionEncodings(t *testing.T) {
	dir := houseFixture(t, "meduza-ru-foreign-agent.html")
	path := filepath.Join(dir, "articles", "meduza-ru-foreign-agent.html")
	text := read(t, path)
	_, want := expected(t, dir, path)
	for _, utf8 := range []bool{false, true} {
		c := newClient(t, dir, Options{}, nil)
		res := c.initialize(utf8)
		if enc := map[bool]string{false: encUTF16, true: encUTF8}[utf8]; res.Capabilities.PositionEncoding != enc {
			t.Fatalf("offering UTF-8 %v: encoding %q, want %q", utf8, res.Capabilities.PositionEncoding, enc)
		}
		uri := fileURI(path)
		c.open(uri, "html", text)
		got := c.diagnostics(uri, 1).Diagnostics
		if len(got) != len(want) {
			t.Fatalf("%d diagnostics, want %d", len(got), len(want))
		}
		differ := 0
		for i, f := range want {
			start, end := f.Start.Column16-1, f.End.Column16-1
			if utf8 {
				start, end = f.Start.ByteColumn-1, f.End.ByteColumn-1
			}
			if f.Start.ByteColumn != f.Start.Column16 {
				differ++
			}
			r := got[i].Range
			if r.Start.Line != f.Start.Line-1 || r.Start.Character != start || r.End.Character != end {
				t.Errorf("utf-8 %v: %s at %+v, want line %d characters %d-%d", utf8, f.Rule.ID, r, f.Start.Line-1, start, end)
			}
			// The client's own count of the same offsets.
			if p := c.positionOf(text, f.Span.Start); p != r.Start {
				t.Errorf("utf-8 %v: %s starts at %+v, the client counts %+v", utf8, f.Rule.ID, r.Start, p)
			}
		}
		if differ == 0 {
			t.Error("no finding has a UTF-16 column that differs from its byte column: the test shows nothing")
		}
		c.shutdown()
	}
}

// TestCodeActions applies, in the client, the three kinds of code action:
// a finding's fix, a suppression comment, and fix all, whose result
// must equal what check --fix writes.
func TestCodeActions(t *testing.T) {
	dir := houseFixture(t, "rferl-aleppo-altered-notice.html")
	path := filepath.Join(dir, "articles", "rferl-aleppo-altered-notice.html")
	original := read(t, path)

	c := newClient(t, dir, Options{}, nil)
	c.initialize(false)
	uri := fileURI(path)
	c.open(uri, "html", original)
	diags := c.diagnostics(uri, 1).Diagnostics

	actionsAt := func(d Diagnostic, only ...string) []CodeAction {
		t.Helper()
		p := map[string]any{"textDocument": TextDocumentIdentifier{URI: uri}, "range": d.Range,
			"context": map[string]any{"diagnostics": []Diagnostic{d}, "only": only}}
		var actions []CodeAction
		c.result(c.call("textDocument/codeAction", p), &actions)
		return actions
	}
	find := func(actions []CodeAction, prefix string) *CodeAction {
		for i := range actions {
			if strings.HasPrefix(actions[i].Title, prefix) {
				return &actions[i]
			}
		}
		return nil
	}

	// The fix of the first exact finding (the altered notice paragraph).
	var notice Diagnostic
	for _, d := range diags {
		if d.Code == "house/undesirable-notice" {
			notice = d
			break
		}
	}
	actions := actionsAt(notice)
	fix := find(actions, "Fix: ")
	if fix == nil || fix.Edit == nil || fix.Kind != kindQuickFix || !fix.IsPreferred {
		t.Fatalf("no fix action in %+v", actions)
	}
	if find(actions, "Suppress house/undesirable-notice") == nil || find(actions, "Fix all copydesk findings") == nil {
		t.Fatalf("actions %+v lack the suppression or fix all", actions)
	}
	c.applyWorkspaceEdit(*fix.Edit)
	v := c.versions[uri]
	after := c.diagnostics(uri, v).Diagnostics
	if len(after) != len(diags)-1 {
		t.Errorf("after the fix, %d diagnostics, want %d", len(after), len(diags)-1)
	}
	if !strings.Contains(c.text(uri), "RFE/RL has been declared an &quot;undesirable organization&quot; by the Russian government.") &&
		!strings.Contains(c.text(uri), `RFE/RL has been declared an "undesirable organization" by the Russian government.`) {
		t.Errorf("the fix did not restore the notice's first paragraph")
	}

	// Suppress the placeholder finding: the comment goes in, the finding
	// is suppressed, and nothing reports the comment.
	var placeholder Diagnostic
	for _, d := range after {
		if d.Code == "house/cms-placeholder" {
			placeholder = d
		}
	}
	sup := find(actionsAt(placeholder), "Suppress house/cms-placeholder")
	if sup == nil {
		t.Fatal("no suppression action for house/cms-placeholder")
	}
	c.applyWorkspaceEdit(*sup.Edit)
	if !strings.Contains(c.text(uri), "<!-- copydesk-ignore house/cms-placeholder -- "+reasonPlaceholder+" -->") {
		t.Fatalf("no comment in the text after the suppression")
	}
	v = c.versions[uri]
	suppressed := c.diagnostics(uri, v).Diagnostics
	for _, d := range suppressed {
		if d.Code == "house/cms-placeholder" || d.Code == rules.UnusedSuppression || d.Code == rules.InvalidSuppression {
			t.Errorf("after the suppression: %s %s", d.Code, d.Message)
		}
	}
	if len(suppressed) != len(after)-1 {
		t.Errorf("after the suppression, %d diagnostics, want %d", len(suppressed), len(after)-1)
	}

	// Fix all, from the original text: the result is what check --fix
	// writes.
	v = c.change(uri, original)
	c.diagnostics(uri, v)
	all := find(actionsAt(Diagnostic{}, "source.fixAll"), "Fix all copydesk findings")
	if all == nil || all.Command == nil || all.Kind != kindFixAll {
		t.Fatalf("no source.fixAll action")
	}
	c.result(c.call("workspace/executeCommand", map[string]any{"command": all.Command.Command, "arguments": all.Command.Arguments}), nil)
	fixedPath := filepath.Join(dir, "fixed.html")
	write(t, fixedPath, original)
	env := &lint.Env{Dir: dir, Stdout: &strings.Builder{}, Stderr: &strings.Builder{}, Getenv: func(string) string { return "" }}
	jsonFormat, _ := report.Lookup("json")
	err := lint.Run(t.Context(), env, lint.Options{Select: lint.Selection{Args: []string{fixedPath}}, Fix: lint.FixWrite, Jobs: 1, FailOn: rules.SevError,
		Outputs: []lint.Output{{Format: jsonFormat, Path: filepath.Join(dir, "out.json")}}})
	if lint.ExitCode(err) > 1 {
		t.Fatalf("check --fix: %v", err)
	}
	if got, want := c.text(uri), read(t, fixedPath); got != want {
		t.Errorf("after fix all, the text differs from check --fix's (%d and %d bytes):\n%s", len(got), len(want), report.UnifiedDiff("a.html", []byte(want), []byte(got)))
	}
	if read(t, fixedPath) == original {
		t.Error("check --fix changed nothing: the test shows nothing")
	}
	v = c.versions[uri]
	for _, d := range c.diagnostics(uri, v).Diagnostics {
		if d.Code == "house/undesirable-notice" {
			t.Errorf("after fix all: %s", d.Message)
		}
	}

	// A fix offered for a version that is gone is refused.
	m := c.call("workspace/executeCommand", map[string]any{"command": cmdFixAll, "arguments": []any{map[string]any{"uri": uri, "version": 1}}})
	if m.Error == nil || m.Error.Code != codeContentModified {
		t.Errorf("fix all of an old version: %+v, want ContentModified", m)
	}
	c.shutdown()
}

// TestHover shows explain's text over a finding, and nothing elsewhere.
func TestHover(t *testing.T) {
	dir := houseFixture(t, "rferl-aleppo-altered-notice.html")
	path := filepath.Join(dir, "articles", "rferl-aleppo-altered-notice.html")
	l, want := expected(t, dir, path)
	c := newClient(t, dir, Options{}, nil)
	c.initialize(false)
	uri := fileURI(path)
	c.open(uri, "html", read(t, path))
	diags := c.diagnostics(uri, 1).Diagnostics
	at := diags[0].Range.Start
	at.Character++
	var h Hover
	c.result(c.call("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Position: at}), &h)
	x, err := (&lint.Env{Dir: dir}).Explain(l, nil, want[0].Rule.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h.Contents.Kind != "markdown" || h.Contents.Value != report.ExplanationMarkdown(x) || h.Range == nil || *h.Range != diags[0].Range {
		t.Errorf("hover %+v, want explain's Markdown for %s", h, want[0].Rule.ID)
	}
	if !strings.Contains(h.Contents.Value, want[0].Rule.Title) || !strings.Contains(h.Contents.Value, "invalid examples") {
		t.Errorf("hover lacks the title or the examples:\n%s", h.Contents.Value)
	}
	m := c.call("textDocument/hover", TextDocumentPositionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Position: Position{0, 0}})
	if m.Error != nil || string(m.Result) != "null" {
		t.Errorf("hover off any finding: %s %v, want null", m.Result, m.Error)
	}
	c.shutdown()
}

// TestIncrementalChanges edits a document with ranged changes, before
// and after non-ASCII text, and checks that the findings follow.
func TestIncrementalChanges(t *testing.T) {
	dir := houseFixture(t, "meduza-ru-foreign-agent.html")
	path := filepath.Join(dir, "articles", "meduza-ru-foreign-agent.html")
	text := read(t, path)
	for _, utf8 := range []bool{false, true} {
		c := newClient(t, dir, Options{}, nil)
		c.initialize(utf8)
		uri := fileURI(path)
		c.open(uri, "html", text)
		before := c.diagnostics(uri, 1).Diagnostics
		// "заглушка" (the placeholder) becomes "Иван Петров", then an emoji
		// goes in before it: the finding goes, then nothing else moves.
		i := strings.Index(text, "заглушка")
		v := c.edit(uri, []TextEdit{{Range: Range{c.positionOf(text, i), c.positionOf(text, i+len("заглушка"))}, NewText: "Иван Петров"}})
		after := c.diagnostics(uri, v).Diagnostics
		if len(after) != len(before)-1 {
			t.Fatalf("utf-8 %v: after replacing the placeholder, %d diagnostics, want %d: %+v", utf8, len(after), len(before)-1, after)
		}
		edited := c.text(uri)
		j := strings.Index(edited, "Фото:")
		v = c.edit(uri, []TextEdit{{Range: Range{c.positionOf(edited, j), c.positionOf(edited, j)}, NewText: "🙂 "}})
		again := c.diagnostics(uri, v).Diagnostics
		if len(again) != len(after) || again[0].Range != after[0].Range {
			t.Errorf("utf-8 %v: an insertion on another line moved the findings: %+v, was %+v", utf8, again, after)
		}
		// Put the placeholder back after the emoji: the finding is back,
		// where the client counts it.
		edited = c.text(uri)
		k := strings.Index(edited, "Иван Петров")
		v = c.edit(uri, []TextEdit{{Range: Range{c.positionOf(edited, k), c.positionOf(edited, k+len("Иван Петров"))}, NewText: "заглушка"}})
		final := c.diagnostics(uri, v).Diagnostics
		if len(final) != len(before) {
			t.Fatalf("utf-8 %v: %d diagnostics at the end, want %d", utf8, len(final), len(before))
		}
		edited = c.text(uri)
		at := c.positionOf(edited, strings.Index(edited, "заглушка"))
		found := false
		for _, d := range final {
			found = found || d.Range.Start == at
		}
		if !found {
			t.Errorf("utf-8 %v: no diagnostic at %+v: %+v", utf8, at, final)
		}
		c.shutdown()
	}
}

// holder holds the checks of texts that contain a marker until released,
// and counts the checks.
type holder struct {
	marker  string
	release chan struct{}
	started chan struct{}
	panicOn string
}

func newHolder(marker string) *holder {
	return &holder{marker: marker, release: make(chan struct{}), started: make(chan struct{}, 16)}
}

func (h *holder) check(l *lint.Linter, in lint.Input, src []byte, j []string) (*checker.Document, []checker.Finding, *report.InputError) {
	if h.panicOn != "" && strings.Contains(string(src), h.panicOn) {
		panic("a test panic in the check")
	}
	if h.marker != "" && strings.Contains(string(src), h.marker) {
		h.started <- struct{}{}
		<-h.release
	}
	return l.CheckDocument(in, src, j)
}

// TestStaleResults holds the check of version 1 until version 2 has come:
// the diagnostics of version 1 must never be published, and those of
// version 2 must be.
func TestStaleResults(t *testing.T) {
	dir := houseFixture(t, "rferl-aleppo.html")
	path := filepath.Join(dir, "articles", "rferl-aleppo.html")
	text := read(t, path)
	h := newHolder("<!-- hold this check -->")
	c := newClient(t, dir, Options{}, func(s *Server) { s.checkDoc = h.check })
	c.initialize(false)
	uri := fileURI(path)
	c.open(uri, "html", text+"<!-- hold this check -->")
	<-h.started // version 1 is being checked
	v := c.change(uri, text)
	c.sync() // version 2 has arrived
	close(h.release)
	got := c.diagnostics(uri, v)
	if *got.Version != 2 {
		t.Fatalf("published version %d, want 2", *got.Version)
	}
	c.sync()
	for _, p := range c.publications(uri) {
		if *p.Version != 2 {
			t.Errorf("the diagnostics of version %d were published", *p.Version)
		}
	}
	_, want := expected(t, dir, path)
	if len(got.Diagnostics) != len(want) {
		t.Errorf("%d diagnostics, want %d", len(got.Diagnostics), len(want))
	}
	c.shutdown()
}

// TestPanicInCheck makes the check of one document panic: that document
// gets an error diagnostic, the others their findings, and the server
// goes on answering.
func TestPanicInCheck(t *testing.T) {
	dir := houseFixture(t, "rferl-aleppo.html", "meduza-ru-foreign-agent.html")
	h := newHolder("")
	h.panicOn = "<!-- panic here -->"
	c := newClient(t, dir, Options{}, func(s *Server) { s.checkDoc = h.check })
	c.initialize(false)
	bad := fileURI(filepath.Join(dir, "articles", "rferl-aleppo.html"))
	good := fileURI(filepath.Join(dir, "articles", "meduza-ru-foreign-agent.html"))
	c.open(bad, "html", read(t, filepath.Join(dir, "articles", "rferl-aleppo.html"))+"<!-- panic here -->")
	c.open(good, "html", read(t, filepath.Join(dir, "articles", "meduza-ru-foreign-agent.html")))
	d := c.diagnostics(bad, 1).Diagnostics
	if len(d) != 1 || d[0].Code != internalErrorID || d[0].Severity != sevError || !strings.Contains(d[0].Message, "a test panic in the check") {
		t.Errorf("diagnostics of the document whose check panics: %+v", d)
	}
	if g := c.diagnostics(good, 1).Diagnostics; len(g) == 0 || g[0].Code == internalErrorID {
		t.Errorf("diagnostics of the other document: %+v", g)
	}
	// Code actions on it check it again, and answer.
	var actions []CodeAction
	c.result(c.call("textDocument/codeAction", map[string]any{"textDocument": TextDocumentIdentifier{URI: bad}, "range": Range{}, "context": map[string]any{"diagnostics": []any{}}}), &actions)
	if len(actions) != 0 {
		t.Errorf("actions %+v on a document that could not be checked", actions)
	}
	v := c.change(bad, read(t, filepath.Join(dir, "articles", "rferl-aleppo.html")))
	if d := c.diagnostics(bad, v).Diagnostics; len(d) == 0 || d[0].Code == internalErrorID {
		t.Errorf("after the text changed: %+v", d)
	}
	c.shutdown()
}

// TestCancel cancels a code action request held in its check: it is
// answered at once with RequestCancelled.
func TestCancel(t *testing.T) {
	dir := houseFixture(t, "rferl-aleppo.html")
	path := filepath.Join(dir, "articles", "rferl-aleppo.html")
	h := newHolder("<!-- hold this check -->")
	c := newClient(t, dir, Options{Jobs: 2}, func(s *Server) { s.checkDoc = h.check })
	c.initialize(false)
	uri := fileURI(path)
	c.open(uri, "html", read(t, path)+"<!-- hold this check -->")
	<-h.started // the check of didOpen
	id := c.start("textDocument/codeAction", map[string]any{"textDocument": TextDocumentIdentifier{URI: uri}, "range": Range{}, "context": map[string]any{"diagnostics": []any{}}})
	<-h.started // the request's own check
	c.notify("$/cancelRequest", map[string]any{"id": id})
	m := c.wait(id)
	if m.Error == nil || m.Error.Code != codeRequestCancelled {
		t.Errorf("cancelled request answered %+v, want RequestCancelled", m)
	}
	close(h.release)
	c.diagnostics(uri, 1)
	c.shutdown()
}

// TestLifecycle checks what comes before initialize and after shutdown,
// and the result of exit without shutdown.
func TestLifecycle(t *testing.T) {
	dir := t.TempDir()
	c := newClient(t, dir, Options{}, nil)
	if m := c.call("textDocument/hover", map[string]any{}); m.Error == nil || m.Error.Code != codeServerNotInitialized {
		t.Errorf("before initialize: %+v", m)
	}
	c.initialize(false)
	if m := c.call("initialize", map[string]any{}); m.Error == nil || m.Error.Code != codeInvalidRequest {
		t.Errorf("initialize again: %+v", m)
	}
	c.result(c.call("shutdown", nil), nil)
	if m := c.call("textDocument/hover", map[string]any{}); m.Error == nil || m.Error.Code != codeInvalidRequest {
		t.Errorf("after shutdown: %+v", m)
	}
	c.notify("exit", nil)
	if err := <-c.runErr; err != nil {
		t.Errorf("Run = %v after shutdown and exit", err)
	}

	c = newClient(t, dir, Options{}, nil)
	c.initialize(false)
	c.notify("exit", nil)
	if err := <-c.runErr; err != ErrNoShutdown {
		t.Errorf("Run = %v after exit without shutdown, want ErrNoShutdown", err)
	}

	// clangd's offsetEncoding, as Neovim before 0.10 can send it, is
	// answered in kind.
	c = newClient(t, dir, Options{}, nil)
	var res InitializeResult
	c.result(c.call("initialize", map[string]any{"capabilities": map[string]any{"offsetEncoding": []string{"utf-8", "utf-16"}}}), &res)
	if res.OffsetEncoding != encUTF8 || res.Capabilities.PositionEncoding != encUTF8 {
		t.Errorf("offsetEncoding offered: answered %q, positionEncoding %q; want utf-8", res.OffsetEncoding, res.Capabilities.PositionEncoding)
	}
	c.shutdown()

	// Invalid JSON is answered with a parse error, and the server goes on.
	c = newClient(t, dir, Options{}, nil)
	if _, err := c.w.Write([]byte("Content-Length: 5\r\n\r\n{nope")); err != nil {
		t.Fatal(err)
	}
	c.initialize(false)
	c.shutdown()
}

// TestConfigFiles opens a config and a rule file with problems: each is
// a diagnostic where the loader reports it. Fixing the rule file in the
// editor (unsaved) clears them and re-checks the open article with the
// new rules.
func TestConfigFiles(t *testing.T) {
	dir := fixture(t, map[string]string{"../testdata/articles/rferl-aleppo.html": "news/story.html"})
	cfgText := "version: 1\npacks:\n  - ./house.yml\nrules:\n  house/no-lorm: warning\n"
	write(t, filepath.Join(dir, ".copydesk.yml"), cfgText)
	rulesText := "version: 1\npack: house\nrules:\n  - id: house/no-lorem\n    title: No lorem\n    severity: error\n    forbid:\n      pattern: '(lorem'\n"
	write(t, filepath.Join(dir, "house.yml"), rulesText)

	c := newClient(t, dir, Options{}, nil)
	c.initialize(false)
	story := fileURI(filepath.Join(dir, "news", "story.html"))
	c.open(story, "html", strings.Replace(read(t, filepath.Join(dir, "news", "story.html")), "</article>", "<p>Lorem ipsum</p></article>", 1))
	d := c.diagnostics(story, 1).Diagnostics
	if len(d) != 1 || d[0].Code != "copydesk/config" || len(d[0].RelatedInformation) != 2 {
		t.Fatalf("an article under a broken config: %+v", d)
	}

	// The loader's own errors, for comparison.
	_, err := (&lint.Env{Dir: dir}).LoadWith(lint.LoadOptions{From: dir})
	var list rules.ErrorList
	if !errorsAs(err, &list) || len(list) != 2 {
		t.Fatalf("the loader reports %v, want two problems", err)
	}
	cfgURI, rulesURI := fileURI(filepath.Join(dir, ".copydesk.yml")), fileURI(filepath.Join(dir, "house.yml"))
	c.open(rulesURI, "yaml", rulesText)
	c.open(cfgURI, "yaml", cfgText)
	for _, e := range list {
		uri, text := cfgURI, cfgText
		if filepath.Base(e.Pos.File) == "house.yml" {
			uri, text = rulesURI, rulesText
		}
		got := c.diagnostics(uri, 1).Diagnostics
		line := strings.Split(text, "\n")[e.Pos.Line-1]
		want := Position{e.Pos.Line - 1, e.Pos.Col - 1}
		found := false
		for _, g := range got {
			if g.Range.Start == want && strings.Contains(g.Message, e.Msg) && g.Range.End.Line == want.Line && g.Range.End.Character == len(strings.TrimRight(line, " ")) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no diagnostic at %+v to the end of the line for %q: %+v", filepath.Base(e.Pos.File), want, e.Msg, got)
		}
	}

	// Fix both in the editor, without saving: the diagnostics go, and the
	// article is checked with the new rule.
	v := c.change(rulesURI, strings.Replace(rulesText, "'(lorem'", "'(?i)lorem'", 1))
	for _, d := range c.diagnostics(rulesURI, v).Diagnostics {
		// The config's problem is still there, as information.
		if d.Severity != sevInformation || !strings.HasPrefix(d.Message, ".copydesk.yml:5:3: ") {
			t.Errorf("rule file fixed: %+v", d)
		}
	}
	v = c.change(cfgURI, strings.Replace(cfgText, "no-lorm", "no-lorem", 1))
	if got := c.diagnostics(cfgURI, v).Diagnostics; len(got) != 0 {
		t.Errorf("config fixed: %+v", got)
	}
	c.sync()
	var lorem *Diagnostic
	for range 100 {
		// The article is checked again after the config changed: wait for
		// the publication that has the new rule's finding.
		ps := c.publications(story)
		for _, dg := range ps[len(ps)-1].Diagnostics {
			if dg.Code == "house/no-lorem" {
				lorem = &dg
			}
		}
		if lorem != nil {
			break
		}
		c.waitPublication(story, len(ps))
	}
	if lorem == nil || lorem.Severity != sevWarning {
		t.Errorf("the article's diagnostics after the config was fixed: %+v", c.publications(story))
	}
	if slices.ContainsFunc(c.publications(story), func(p PublishDiagnosticsParams) bool { return *p.Version != 1 }) {
		t.Error("the article was published under another version though its text did not change")
	}
	c.shutdown()
}

// waitPublication waits until a document has more than n publications.
func (c *client) waitPublication(uri string, n int) {
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
	for len(c.published[uri]) <= n {
		if time.Now().After(deadline) {
			c.t.Fatalf("no new diagnostics for %s", uri)
		}
		c.cond.Wait()
	}
}

func errorsAs(err error, list *rules.ErrorList) bool {
	l, ok := err.(rules.ErrorList)
	if ok {
		*list = l
	}
	return ok
}

// TestYAMLOtherThanRules leaves YAML that is not a copydesk file alone.
func TestYAMLOtherThanRules(t *testing.T) {
	dir := fixture(t, nil)
	c := newClient(t, dir, Options{}, nil)
	c.initialize(false)
	uri := fileURI(filepath.Join(dir, "ci.yml"))
	c.open(uri, "yaml", "on: push\njobs: {}\n")
	if d := c.diagnostics(uri, 1).Diagnostics; len(d) != 0 {
		t.Errorf("diagnostics on a CI workflow: %+v", d)
	}
	c.shutdown()
}

// TestWatchedFiles asks a client that can register watchers to watch
// YAML files, and re-checks the open articles when one changes on disk.
func TestWatchedFiles(t *testing.T) {
	dir := fixture(t, map[string]string{"../testdata/articles/rferl-aleppo.html": "story.html"})
	rulesPath := filepath.Join(dir, "house.yml")
	write(t, filepath.Join(dir, ".copydesk.yml"), "version: 1\npacks: [./house.yml]\n")
	rulesText := "version: 1\npack: house\nrules:\n  - id: house/no-aleppo\n    title: No Aleppo\n    severity: warning\n    forbid: {text: Aleppo}\n"
	write(t, rulesPath, rulesText)
	c := newClient(t, dir, Options{}, nil)
	caps := map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}}
	c.result(c.call("initialize", map[string]any{"capabilities": caps}), nil)
	c.notify("initialized", map[string]any{})
	story := fileURI(filepath.Join(dir, "story.html"))
	c.open(story, "html", read(t, filepath.Join(dir, "story.html")))
	if d := c.diagnostics(story, 1).Diagnostics; len(d) == 0 || d[0].Code != "house/no-aleppo" || d[0].Severity != sevWarning {
		t.Fatalf("before: %+v", d)
	}
	c.waitRequest("client/registerCapability")
	n := len(c.publications(story))
	write(t, rulesPath, strings.Replace(rulesText, "severity: warning", "severity: error", 1))
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []map[string]any{{"uri": fileURI(rulesPath), "type": 2}}})
	// A re-check of the old rules may still be on its way (a loaded
	// machine delays the first one): wait for the publication that shows
	// the new severity; waitPublication fails when none comes.
	for {
		c.waitPublication(story, n)
		ps := c.publications(story)
		n = len(ps)
		if d := ps[n-1].Diagnostics; len(d) > 0 && d[0].Code == "house/no-aleppo" && d[0].Severity == sevError {
			break
		}
	}
	c.shutdown()
}
