package lsp

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/rules"
)

// result is a check of one version of a document.
type result struct {
	gen     uint64
	version int32
	uri     string
	kind    docKind
	text    *text
	diags   []Diagnostic

	// HTML documents that could be checked:
	linter   *lint.Linter
	in       lint.Input
	findings []checker.Finding // as the check returned them
	diagOf   []int             // index in diags of each finding; -1 when suppressed
	fixable  int               // findings with a fix, not suppressed
}

// internalErrorID is the code of the diagnostic of a check that failed
// inside copydesk.
const internalErrorID = rules.PackCopydesk + "/internal-error"

// compute checks one version of a document. A panic in the check is
// answered as an error diagnostic on that document: the server goes on
// serving the others.
func (s *Server) compute(snap snapshot) (res *result) {
	res = &result{gen: snap.gen, version: snap.version, uri: snap.uri, kind: snap.kind, text: snap.text, diags: []Diagnostic{}}
	defer func() {
		if v := recover(); v != nil {
			s.logf("panic checking %s: %v\n%s", snap.uri, v, debug.Stack())
			*res = result{gen: snap.gen, version: snap.version, uri: snap.uri, kind: snap.kind, text: snap.text}
			res.diags = []Diagnostic{{
				Severity: sevError,
				Code:     internalErrorID,
				Source:   "copydesk",
				Message:  fmt.Sprintf("copydesk failed while checking this document (%v); the document is not checked. Other documents are. Please report it, with the document", v),
			}}
		}
	}()
	switch snap.kind {
	case kindHTML:
		s.checkHTML(snap, res)
	case kindConfig, kindYAML:
		s.checkYAML(snap, res)
	}
	return res
}

// checkHTML checks an article with the config that applies to it.
func (s *Server) checkHTML(snap snapshot, res *result) {
	dir := ""
	if snap.path != "" {
		dir = filepath.Dir(snap.path)
	}
	l, err := s.linterFor(dir)
	if err != nil {
		res.diags = append(res.diags, s.configDiagnostic(err))
		return
	}
	in := lint.Input{Path: snap.uri, Abs: snap.path, Charset: "utf-8"}
	if snap.path != "" {
		in.Path = s.relPath(snap.path)
	}
	_, findings, ierr := s.checkDoc(l, in, []byte(snap.text.s), s.opts.Jurisdictions)
	if ierr != nil {
		d := Diagnostic{Severity: sevError, Code: rules.PackCopydesk + "/input", Source: "copydesk", Message: ierr.Message}
		if ierr.Line > 0 {
			off := snap.text.columnOffset(ierr.Line, ierr.Column)
			d.Range = snap.text.rangeOf(off, off)
		}
		res.diags = append(res.diags, d)
		return
	}
	res.linter, res.in, res.findings = l, in, findings
	res.diagOf = make([]int, len(findings))
	s.mu.Lock()
	related := s.caps.TextDocument.PublishDiagnostics.RelatedInformation
	s.mu.Unlock()
	for i := range findings {
		f := &findings[i]
		res.diagOf[i] = -1
		if f.Suppressed || f.Severity == rules.SevOff {
			continue
		}
		if f.Fix != nil {
			res.fixable++
		}
		d := Diagnostic{
			Range:    snap.text.rangeOf(f.Span.Start, f.Span.End),
			Severity: severity(f.Severity),
			Code:     f.Rule.ID,
			Source:   "copydesk",
			Message:  f.Message,
			Data:     &diagnosticData{Check: snap.gen, Finding: i},
		}
		if f.Rule.URL != "" {
			d.CodeDescription = &CodeDescription{Href: f.Rule.URL}
		}
		if related && f.Expected != "" && f.Rule.Kind() == "exact" {
			loc := s.ruleTextLocation(f.Rule)
			if loc == nil {
				loc = &Location{URI: snap.uri, Range: d.Range}
			}
			d.RelatedInformation = []DiagnosticRelatedInformation{{Location: *loc, Message: "expected: " + f.Expected}}
		}
		res.diagOf[i] = len(res.diags)
		res.diags = append(res.diags, d)
	}
}

// severity is the diagnostic severity of a finding's.
func severity(s rules.Severity) int {
	switch s {
	case rules.SevError:
		return sevError
	case rules.SevWarning:
		return sevWarning
	}
	return sevInformation
}

// ruleTextLocation is where an exact rule's canonical text is written:
// its text: or file: value in its rule file, when that is a file (not a
// built-in pack).
func (s *Server) ruleTextLocation(r *rules.Rule) *Location {
	pos, ok := r.ValuePos["exact.text"]
	if !ok {
		pos, ok = r.ValuePos["exact.file"]
	}
	if !ok {
		pos = r.PosOf("exact")
	}
	return s.location(pos)
}

// location is the Location of a position in a rule or config file, or
// nil when it is not in a file that can be read.
func (s *Server) location(pos rules.Pos) *Location {
	if pos.File == "" || !filepath.IsAbs(pos.File) {
		return nil
	}
	data, err := s.readFile(pos.File)
	if err != nil {
		return nil
	}
	t := newText(string(data), s.encodingNow())
	r := t.tokenRange(pos)
	return &Location{URI: fileURI(pos.File), Range: r}
}

func (s *Server) encodingNow() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.encoding
}

// configDiagnostic is the diagnostic of an article whose config cannot be
// loaded: at its start, saying where the config's problems are (each one
// as related information).
func (s *Server) configDiagnostic(err error) Diagnostic {
	d := Diagnostic{Severity: sevError, Code: rules.PackCopydesk + "/config", Source: "copydesk"}
	var list rules.ErrorList
	if !errors.As(err, &list) {
		d.Message = "copydesk cannot check this document: " + err.Error()
		return d
	}
	files := map[string]bool{}
	for _, e := range list {
		files[e.Pos.File] = true
		if loc := s.location(e.Pos); loc != nil {
			d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{Location: *loc, Message: e.Msg})
		}
	}
	var names []string
	for f := range files {
		names = append(names, s.relPath(f))
	}
	problems := "a problem"
	if len(list) > 1 {
		problems = fmt.Sprintf("%d problems", len(list))
	}
	d.Message = fmt.Sprintf("copydesk cannot check this document: its config has %s (%s); the first: %s", problems, strings.Join(names, ", "), s.relError(list[0]))
	return d
}

// relError formats a rule or config error with its path relative to the
// working directory.
func (s *Server) relError(e *rules.Error) string {
	return s.env.RelError(e)
}

// checkYAML validates a config file, or a rule file, as the loader does
// for check: the config with its packs, or the rule file with the
// config that applies to its directory (as check --rules FILE would).
// Problems in the file are reported where they are; problems elsewhere
// (a pack of the config, the config of a rule file) at the line that
// names that file, or at the start.
func (s *Server) checkYAML(snap snapshot, res *result) {
	if snap.path == "" {
		return
	}
	var o lint.LoadOptions
	switch {
	case snap.kind == kindConfig:
		o = lint.LoadOptions{Config: snap.path, Rules: s.opts.Rules, ReadFile: s.readFile}
	case looksLikeRules.MatchString(snap.text.s) || s.packOfConfig(snap.path):
		o = lint.LoadOptions{Config: s.opts.Config, Rules: append(append([]string(nil), s.opts.Rules...), snap.path), From: filepath.Dir(snap.path), ReadFile: s.readFile}
	default:
		return // YAML that is not copydesk's
	}
	_, err := s.env.LoadWith(o)
	if err == nil {
		return
	}
	var list rules.ErrorList
	if !errors.As(err, &list) {
		res.diags = append(res.diags, Diagnostic{Severity: sevError, Code: rules.PackCopydesk + "/config", Source: "copydesk", Message: err.Error()})
		return
	}
	var cfg *rules.Config
	if snap.kind == kindConfig {
		cfg, _ = rules.ParseConfig(snap.path, []byte(snap.text.s))
	}
	for _, e := range list {
		d := Diagnostic{Severity: sevError, Code: rules.PackCopydesk + "/config", Source: "copydesk", Message: e.Msg}
		if e.Key != "" {
			d.Message = e.Key + ": " + e.Msg
		}
		if e.Pos.File == "" || filepath.Clean(e.Pos.File) == snap.path {
			d.Range = snap.text.tokenRange(e.Pos)
			res.diags = append(res.diags, d)
			continue
		}
		// Elsewhere: at the pack entry that names the file, else at the
		// start; in a rule file, as information (the config's problems
		// are the config's).
		d.Message = s.relError(e)
		if snap.kind != kindConfig {
			d.Severity = sevInformation
		}
		if cfg != nil {
			for _, p := range cfg.Packs {
				if p.Pos.Line > 0 && !strings.HasPrefix(p.Name, rules.BuiltinPrefix) && filepath.Clean(filepath.Join(cfg.Dir, p.Name)) == filepath.Clean(e.Pos.File) {
					d.Range = snap.text.tokenRange(p.Pos)
				}
			}
		}
		if loc := s.location(e.Pos); loc != nil {
			d.RelatedInformation = []DiagnosticRelatedInformation{{Location: *loc, Message: e.Msg}}
		}
		res.diags = append(res.diags, d)
	}
}

// packOfConfig reports whether the config that applies to a YAML file's
// directory loads it as a pack.
func (s *Server) packOfConfig(path string) bool {
	l, err := s.linterFor(filepath.Dir(path))
	if err != nil {
		return false
	}
	for _, f := range l.Set.Files {
		if filepath.Clean(f.Path) == path {
			return true
		}
	}
	return false
}

// tokenRange is the range of the YAML token at a rules.Pos: from the
// position to the end of the quoted scalar it starts, or else to the end
// of its line (trailing blanks and comment left out). The zero Pos is
// the start of the text.
func (t *text) tokenRange(p rules.Pos) Range {
	if p.Line < 1 {
		return Range{}
	}
	start := t.columnOffset(p.Line, max(p.Col, 1))
	end := t.lineEnd(min(p.Line-1, len(t.starts)-1))
	line := t.s[start:max(start, end)]
	switch {
	case line == "":
	case line[0] == '"':
		for i := 1; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '"' {
				return t.rangeOf(start, start+i+1)
			}
		}
	case line[0] == '\'':
		for i := 1; i < len(line); i++ {
			if line[i] == '\'' {
				if i+1 < len(line) && line[i+1] == '\'' {
					i++
					continue
				}
				return t.rangeOf(start, start+i+1)
			}
		}
	default:
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
	}
	return t.rangeOf(start, start+len(strings.TrimRight(line, " \t")))
}
