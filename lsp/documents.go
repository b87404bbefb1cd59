package lsp

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/copydesk/copydesk/rules"
)

// docKind is what the server does with a document.
type docKind int

const (
	kindOther  docKind = iota // not copydesk's: no diagnostics
	kindHTML                  // an article: checked
	kindConfig                // .copydesk.yml (or the --config file): loaded and validated
	kindYAML                  // other YAML: validated as a rule file when it is one
)

// document is an open document.
type document struct {
	uri     string
	path    string // the file, absolute; "" when the URI is not a file
	kind    docKind
	version int32
	text    *text
	gen     uint64 // the server's generation at its last change (text or config)

	timer     *time.Timer // the check scheduled
	running   bool        // a check runs
	again     bool        // and another was asked for meanwhile
	result    *result     // the last check, of generation result.gen
	published uint64      // the generation whose diagnostics were sent last
}

// stop cancels the check scheduled.
func (d *document) stop() {
	if d.timer != nil {
		d.timer.Stop()
		d.timer = nil
	}
}

// snapshot is what a check sees of a document.
type snapshot struct {
	uri, path string
	kind      docKind
	version   int32
	gen       uint64
	text      *text
}

func (d *document) snapshot() snapshot {
	return snapshot{uri: d.uri, path: d.path, kind: d.kind, version: d.version, gen: d.gen, text: d.text}
}

// uriPath returns the file of a file: URI, or "".
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return ""
	}
	return filepath.Clean(filepath.FromSlash(u.Path))
}

// fileURI returns the file: URI of an absolute path.
func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// kindOf decides what a document is, by its language and name.
func (s *Server) kindOf(languageID, uri, path string) docKind {
	name := path
	if name == "" {
		name = uri
	}
	base := strings.ToLower(filepath.Base(name))
	ext := filepath.Ext(base)
	switch {
	case languageID == "html" || ext == ".html" || ext == ".htm" || ext == ".xhtml":
		return kindHTML
	case base == rules.ConfigName || s.opts.Config != "" && path != "" && path == s.env.Abs(s.opts.Config):
		return kindConfig
	case languageID == "yaml" || ext == ".yml" || ext == ".yaml":
		return kindYAML
	}
	return kindOther
}

// affectsConfig reports whether a document's text is read when configs
// are loaded: a config or rule file (or any YAML, which may be one).
func (k docKind) affectsConfig() bool { return k == kindConfig || k == kindYAML }

func (s *Server) didOpen(p DidOpenTextDocumentParams) {
	item := p.TextDocument
	path := uriPath(item.URI)
	s.mu.Lock()
	defer s.mu.Unlock()
	if old := s.docs[item.URI]; old != nil {
		old.stop()
	}
	d := &document{uri: item.URI, path: path, version: item.Version, text: newText(item.Text, s.encoding)}
	d.kind = s.kindOf(item.LanguageID, item.URI, path)
	s.gen++
	d.gen = s.gen
	s.docs[item.URI] = d
	if d.kind.affectsConfig() && differsOnDisk(path, item.Text) {
		s.configChanged()
	}
	s.schedule(d, 0)
}

// differsOnDisk reports whether the file does not hold text.
func differsOnDisk(path, text string) bool {
	if path == "" {
		return true
	}
	data, err := os.ReadFile(path)
	return err != nil || string(data) != text
}

func (s *Server) didChange(p DidChangeTextDocumentParams) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return fmt.Errorf("%s is not open", p.TextDocument.URI)
	}
	t := d.text
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			t = newText(c.Text, s.encoding)
			continue
		}
		start, end := t.offset(c.Range.Start), t.offset(c.Range.End)
		if end < start {
			start, end = end, start
		}
		t = newText(t.s[:start]+c.Text+t.s[end:], s.encoding)
	}
	d.text = t
	d.version = p.TextDocument.Version
	s.gen++
	d.gen = s.gen
	if d.kind.affectsConfig() {
		s.configChanged()
	}
	s.schedule(d, s.opts.Debounce)
	return nil
}

func (s *Server) didClose(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[uri]
	if d == nil {
		return
	}
	d.stop()
	delete(s.docs, uri)
	s.gen++
	d.gen = s.gen // a check of it still running publishes nothing
	s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Diagnostics: []Diagnostic{}})
	if d.kind.affectsConfig() && differsOnDisk(d.path, d.text.s) {
		// The file as saved applies again.
		s.configChanged()
	}
}

func (s *Server) didSave(uri string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d := s.docs[uri]; d != nil && d.kind.affectsConfig() {
		s.configChanged()
	}
}

// didChangeWatchedFiles re-checks when a file that configs read changed
// on disk (HTML files are documents, not config).
func (s *Server) didChangeWatchedFiles(p DidChangeWatchedFilesParams) {
	for _, c := range p.Changes {
		ext := strings.ToLower(filepath.Ext(uriPath(c.URI)))
		if ext != ".html" && ext != ".htm" {
			s.mu.Lock()
			s.configChanged()
			s.mu.Unlock()
			return
		}
	}
}

// schedule checks d after delay, in place of the check scheduled before.
// s.mu is held.
func (s *Server) schedule(d *document, delay time.Duration) {
	if s.state == stateShutdown {
		return
	}
	d.stop()
	if delay <= 0 {
		go s.run(d)
		return
	}
	d.timer = time.AfterFunc(delay, func() { s.run(d) })
}

// run checks d as it is now and publishes the diagnostics, unless d
// changed meanwhile: then the check of the newer text, scheduled by that
// change, publishes. One check of a document runs at a time; one asked
// for meanwhile runs after it.
func (s *Server) run(d *document) {
	s.mu.Lock()
	if s.docs[d.uri] != d || s.state == stateShutdown {
		s.mu.Unlock()
		return
	}
	if d.running {
		d.again = true
		s.mu.Unlock()
		return
	}
	if d.published == d.gen {
		s.mu.Unlock()
		return
	}
	res := d.result
	snap := d.snapshot()
	if res == nil || res.gen != d.gen {
		d.running = true
		s.mu.Unlock()
		select {
		case s.slots <- struct{}{}:
		case <-s.ctx.Done():
			return
		}
		res = s.compute(snap)
		<-s.slots
		s.mu.Lock()
		d.running = false
	}
	if s.docs[d.uri] == d && d.gen == snap.gen {
		if d.result == nil || d.result.gen < res.gen {
			d.result = res
		}
		d.published = res.gen
		v := res.version
		s.conn.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: d.uri, Version: &v, Diagnostics: res.diags})
	}
	again := d.again
	d.again = false
	s.mu.Unlock()
	if again {
		s.run(d)
	}
}

// looksLikeRules tells a rule file from other YAML: a top-level pack: key.
var looksLikeRules = regexp.MustCompile(`(?m)^pack:`)
