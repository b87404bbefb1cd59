package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// JSONReport reads a JSON report of check file by file, for copydesk
// merge: Head holds what comes before the files (the tool, the run's
// identity, the rule table), Next returns each file, and after the last
// one Errors and Summary what comes after. Only reports with a rule
// table can be read (those of check, not of serve); every format can be
// written from what they hold, html only from reports with their files'
// text (check --json-text).
type JSONReport struct {
	// Head is the run of the report: Tool, Root, Rules, Catalog, FailOn,
	// Config, Baseline, Digest, Jurisdictions and Shard; no files.
	Head Result
	// Text reports that the files come with their text (File.Reading)
	// and the findings a baseline accepted.
	Text bool

	table   []jsonRule // the rule table as the report has it
	dec     *json.Decoder
	byID    map[string]*rules.Rule
	inFiles bool // between the files' brackets
	errors  []InputError
	summary jsonSummary
	done    bool
}

// JSONSummary is the summary a JSON report gives of itself.
type JSONSummary struct {
	Files, Findings, Errors, Suppressed, Fixed int
}

// ReadJSON starts reading a JSON report: it reads up to the first file.
// Errors say where in the report they are ("at byte N").
func ReadJSON(r io.Reader) (*JSONReport, error) {
	j := &JSONReport{dec: json.NewDecoder(r), byID: map[string]*rules.Rule{}}
	if err := j.delim('{'); err != nil {
		return nil, err
	}
	var version int
	var tool *jsonTool
	var run *jsonRun
	for {
		key, err := j.key()
		if err != nil {
			return nil, err
		}
		switch key {
		case "":
			return nil, j.errorf("the report has no files")
		case "version":
			err = j.dec.Decode(&version)
		case "tool":
			err = j.dec.Decode(&tool)
		case "run":
			err = j.dec.Decode(&run)
		case "rules":
			err = j.dec.Decode(&j.table)
		case "files":
			switch {
			case version != 1:
				return nil, j.errorf("version %d: not a copydesk JSON report of version 1", version)
			case tool == nil:
				return nil, j.errorf("no tool before the files")
			case run == nil || j.table == nil:
				return nil, j.errorf("no run and rule table before the files: not a report of copydesk check (the service's reports have none, and so have those of copydesk before 2026-12)")
			}
			if err := j.setHead(tool, run); err != nil {
				return nil, err
			}
			if err := j.delim('['); err != nil {
				return nil, err
			}
			j.inFiles = true
			return j, nil
		default:
			var skip json.RawMessage
			err = j.dec.Decode(&skip)
		}
		if err != nil {
			return nil, j.wrap(err)
		}
	}
}

// setHead fills Head from the tool, the run and the rule table.
func (j *JSONReport) setHead(tool *jsonTool, run *jsonRun) error {
	h := &j.Head
	h.Tool = Tool{Name: tool.Name, Version: tool.Version, URL: tool.URL}
	h.Root, h.Config, h.Digest, h.Baseline = run.Root, run.Config, run.Digest, run.Baseline
	h.Jurisdictions = run.Jurisdictions
	if len(h.Jurisdictions) == 0 {
		h.Jurisdictions = nil
	}
	if run.Shard != nil {
		h.Shard = Shard{Index: run.Shard.Index, Count: run.Shard.Count}
	}
	j.Text = run.Text
	switch run.FailOn {
	case "none":
		h.FailOn = rules.SevOff
	default:
		sev, ok := rules.ParseSeverity(run.FailOn)
		if !ok || sev == rules.SevOff {
			return j.errorf("run.fail_on %q: expected error, warning, info or none", run.FailOn)
		}
		h.FailOn = sev
	}
	h.Catalog = make([]*rules.Rule, 0, len(j.table))
	for _, jr := range j.table {
		sev, ok := rules.ParseSeverity(jr.Severity)
		own := sev
		if jr.RuleSeverity != "" {
			own, ok = rules.ParseSeverity(jr.RuleSeverity)
		}
		if !ok || jr.ID == "" || j.byID[jr.ID] != nil {
			return j.errorf("rule %q: no id, a bad severity or listed twice", jr.ID)
		}
		r := &rules.Rule{ID: jr.ID, Pack: jr.Pack, Title: jr.Title, Help: jr.Help, URL: jr.URL, Severity: own, Internal: jr.Internal}
		if jr.Examples != nil {
			r.Examples = rules.Examples{Valid: jr.Examples.Valid, Invalid: jr.Examples.Invalid}
		}
		j.byID[r.ID] = r
		h.Catalog = append(h.Catalog, r)
		if sev != rules.SevOff {
			if sev != own {
				c := *r
				c.Severity = sev
				r = &c
			}
			h.Rules = append(h.Rules, r)
		}
	}
	return nil
}

// SameRun says how the runs of two reports differ in what must agree
// for them to be merged: the tool and its version, the rules, the
// config, the jurisdictions, --fail-on and the baseline (not the shard,
// nor the directory the paths are relative to); "" when they agree.
func (j *JSONReport) SameRun(o *JSONReport) string {
	a, b := &j.Head, &o.Head
	switch {
	case a.Tool.Name != b.Tool.Name || a.Tool.Version != b.Tool.Version:
		return fmt.Sprintf("made by %s %s and %s %s", a.Tool.Name, a.Tool.Version, b.Tool.Name, b.Tool.Version)
	}
	ids := map[string]*jsonRule{}
	for i := range o.table {
		ids[o.table[i].ID] = &o.table[i]
	}
	for i := range j.table {
		x := &j.table[i]
		y := ids[x.ID]
		switch {
		case y == nil:
			return fmt.Sprintf("rule %s is in the first rule table only", x.ID)
		case x.Severity != y.Severity:
			return fmt.Sprintf("rule %s is %s in one, %s in the other", x.ID, x.Severity, y.Severity)
		case !sameRule(x, y):
			return fmt.Sprintf("rule %s is not the same rule in both (title, help, url or examples differ)", x.ID)
		}
		delete(ids, x.ID)
	}
	for i := range o.table {
		if ids[o.table[i].ID] != nil {
			return fmt.Sprintf("rule %s is in the second rule table only", o.table[i].ID)
		}
	}
	orNone := func(s string) string {
		if s == "" {
			return "(none)"
		}
		return s
	}
	switch {
	case a.Digest != b.Digest:
		return fmt.Sprintf("the config or rule files differ (digests %s and %s)", a.Digest, b.Digest)
	case fmt.Sprint(a.Jurisdictions) != fmt.Sprint(b.Jurisdictions):
		return fmt.Sprintf("jurisdictions %v and %v", a.Jurisdictions, b.Jurisdictions)
	case a.FailOn != b.FailOn:
		return fmt.Sprintf("--fail-on %s and %s", a.FailOnName(), b.FailOnName())
	case a.Baseline != b.Baseline:
		return fmt.Sprintf("baselines %s and %s", orNone(a.Baseline), orNone(b.Baseline))
	}
	return ""
}

// sameRule reports whether two entries of rule tables describe one rule.
func sameRule(x, y *jsonRule) bool {
	a, b := *x, *y
	a.Examples, b.Examples = nil, nil
	return a == b && fmt.Sprint(x.Examples) == fmt.Sprint(y.Examples)
}

// Next returns the next file of the report, or io.EOF after the last
// one; the errors and the summary are then read.
func (j *JSONReport) Next() (*File, error) {
	if !j.inFiles {
		return nil, io.EOF
	}
	if !j.dec.More() {
		j.inFiles = false
		if err := j.delim(']'); err != nil {
			return nil, err
		}
		if err := j.tail(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	var jf jsonFile
	if err := j.dec.Decode(&jf); err != nil {
		return nil, j.wrap(err)
	}
	f, err := j.file(&jf)
	if err != nil {
		return nil, j.errorf("%s: %v", jf.Path, err)
	}
	return f, nil
}

// tail reads what follows the files: the errors and the summary.
func (j *JSONReport) tail() error {
	var errs []jsonError
	sawSummary := false
	for {
		key, err := j.key()
		if err != nil {
			return err
		}
		switch key {
		case "":
			if errs == nil || !sawSummary {
				return j.errorf("no errors or summary after the files: the report is cut short")
			}
			for _, e := range errs {
				ie := InputError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Message}
				if e.Record != nil {
					ie.Record = &Record{Archive: e.Record.Archive, Offset: e.Record.Offset}
				}
				j.errors = append(j.errors, ie)
			}
			j.done = true
			return nil
		case "errors":
			errs = []jsonError{}
			err = j.dec.Decode(&errs)
		case "summary":
			sawSummary = true
			err = j.dec.Decode(&j.summary)
		default:
			var skip json.RawMessage
			err = j.dec.Decode(&skip)
		}
		if err != nil {
			return j.wrap(err)
		}
	}
}

// Errors returns the report's input errors, once Next has returned io.EOF.
func (j *JSONReport) Errors() []InputError { return j.errors }

// Summary returns the report's summary of itself, once Next has
// returned io.EOF.
func (j *JSONReport) Summary() JSONSummary {
	s := j.summary
	return JSONSummary{Files: s.Files, Findings: s.Findings, Errors: s.Errors, Suppressed: s.Suppressed, Fixed: s.Fixed}
}

// file turns the wire form of a file back into a File.
func (j *JSONReport) file(jf *jsonFile) (*File, error) {
	f := &File{Path: jf.Path, Fixed: jf.Fixed}
	if jf.Record != nil {
		f.Record = &Record{Archive: jf.Record.Archive, Offset: jf.Record.Offset}
	}
	for _, id := range jf.Off {
		if f.Off == nil {
			f.Off = map[string]bool{}
		}
		f.Off[id] = true
	}
	var text *recordedText
	if jf.Text != nil {
		text = &recordedText{locate: map[checker.Span][]checker.TextRange{}, place: map[int]int{}, changes: map[*checker.Fix][]checker.Change{}}
		for _, b := range jf.Text.Blocks {
			text.blocks = append(text.blocks, checker.TextBlock{Tag: b.Tag, Text: b.Text, Content: b.Content})
		}
		f.Reading = text
	}
	var err error
	var diffs []string
	if f.Findings, f.fingerprints, diffs, err = j.findings(jf.Findings, text); err != nil {
		return nil, err
	}
	for _, d := range diffs {
		if d != "" {
			f.Diffs = diffs
			break
		}
	}
	if len(jf.Accepted) > 0 {
		if f.Accepted, f.acceptedFingerprints, _, err = j.findings(jf.Accepted, text); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// findings turns the wire form of findings back into findings, with
// their fingerprints and diffs; their places in the text go to text.
func (j *JSONReport) findings(list []jsonFinding, text *recordedText) ([]checker.Finding, []string, []string, error) {
	out := make([]checker.Finding, len(list))
	fps := make([]string, len(list))
	diffs := make([]string, len(list))
	for i := range list {
		jd := &list[i]
		rule := j.byID[jd.Rule]
		if rule == nil {
			return nil, nil, nil, fmt.Errorf("a finding of rule %q, which the rule table does not list", jd.Rule)
		}
		sev, ok := rules.ParseSeverity(jd.Severity)
		if !ok || sev == rules.SevOff {
			return nil, nil, nil, fmt.Errorf("a finding of %s has severity %q", jd.Rule, jd.Severity)
		}
		fd := checker.Finding{
			Rule: rule, Severity: sev, Message: jd.Message,
			Span:          checker.Span{Start: jd.Offset, End: jd.EndOffset},
			Start:         checker.Position{Offset: jd.Offset, Line: jd.Line, Column: jd.Column, Column16: jd.ColumnUTF16, ByteColumn: jd.ColumnByte},
			End:           checker.Position{Offset: jd.EndOffset, Line: jd.EndLine, Column: jd.EndColumn, Column16: jd.EndColumnUTF16, ByteColumn: jd.EndColumnByte},
			Suppressed:    jd.Suppressed,
			Justification: jd.Justification,
		}
		if jd.Fix != nil {
			fd.Fix = &checker.Fix{Message: jd.Fix.Message, Edits: make([]checker.Edit, len(jd.Fix.Edits))}
			for k, e := range jd.Fix.Edits {
				fd.Fix.Edits[k] = checker.Edit{Start: e.Offset, End: e.EndOffset, Text: e.Text,
					StartPos: checker.Position{Offset: e.Offset, Line: e.Line, Column: e.Column, Column16: e.ColumnUTF16, ByteColumn: e.ColumnByte},
					EndPos:   checker.Position{Offset: e.EndOffset, Line: e.EndLine, Column: e.EndColumn, Column16: e.EndColumnUTF16, ByteColumn: e.EndColumnByte}}
			}
		}
		if text != nil && jd.Text != nil {
			text.place[fd.Span.Start] = jd.Text.Place
			ranges := make([]checker.TextRange, 0, len(jd.Text.Ranges))
			for _, r := range jd.Text.Ranges {
				ranges = append(ranges, checker.TextRange{Block: r[0], Lo: r[1], Hi: r[2]})
			}
			text.locate[fd.Span] = ranges
			if fd.Fix != nil {
				var changes []checker.Change
				for _, c := range jd.Text.Changes {
					changes = append(changes, checker.Change{At: c.At, N: c.N, Before: c.Before, After: c.After, Markup: c.Markup})
				}
				text.changes[fd.Fix] = changes
			}
		}
		out[i], fps[i], diffs[i] = fd, jd.Fingerprint, jd.Diff
	}
	return out, fps, diffs, nil
}

// recordedText is a file's text as a JSON report carries it: its blocks,
// and where each of its findings is in them, as the check found them.
type recordedText struct {
	blocks  []checker.TextBlock
	locate  map[checker.Span][]checker.TextRange
	place   map[int]int
	changes map[*checker.Fix][]checker.Change
}

func (t *recordedText) TextBlocks() []checker.TextBlock { return t.blocks }

func (t *recordedText) Locate(s checker.Span) []checker.TextRange { return t.locate[s] }

func (t *recordedText) Place(off int) int {
	if p, ok := t.place[off]; ok {
		return p
	}
	return len(t.blocks)
}

func (t *recordedText) Changes(f *checker.Fix) []checker.Change { return t.changes[f] }

// delim reads one delimiter token.
func (j *JSONReport) delim(want json.Delim) error {
	tok, err := j.dec.Token()
	if err != nil {
		return j.wrap(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return j.errorf("expected %q, found %v: not a copydesk JSON report", want, tok)
	}
	return nil
}

// key reads the next key of an object, or "" at its end.
func (j *JSONReport) key() (string, error) {
	tok, err := j.dec.Token()
	if err != nil {
		return "", j.wrap(err)
	}
	switch t := tok.(type) {
	case string:
		return t, nil
	case json.Delim:
		if t == '}' {
			return "", nil
		}
	}
	return "", j.errorf("expected a key, found %v", tok)
}

// errorf is an error at the decoder's place in the report.
func (j *JSONReport) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", j.dec.InputOffset(), fmt.Sprintf(format, args...))
}

// wrap words a decoding error with its place in the report.
func (j *JSONReport) wrap(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return j.errorf("the report ends early: cut short, or not a copydesk JSON report")
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("at byte %d: %v", se.Offset, err)
	}
	return j.errorf("%v", err)
}
