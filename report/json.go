package report

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"

	"github.com/copydesk/copydesk/rules"
)

// jsonFormat is the JSON format, for programs.
var jsonFormat = Format{Name: "json", Doc: "one versioned JSON document with every finding, fix and error, for programs", Write: writeJSON, NewStream: newJSONStream}

// The JSON format's wire structs (docs/reports.md, "JSON"). Empty lists are [] and
// never null; diff and fix are left out when a finding has none. The run,
// the rule table, fingerprints and the columns in UTF-16 code units and
// bytes are what the other formats need besides (copydesk merge writes
// any format from JSON reports); record, fixed, off, accepted and text
// are left out when a file has none.
type (
	jsonReport struct {
		Version int         `json:"version"`
		Tool    jsonTool    `json:"tool"`
		Run     *jsonRun    `json:"run,omitempty"`
		Rules   []jsonRule  `json:"rules,omitempty"`
		Files   []jsonFile  `json:"files"`
		Errors  []jsonError `json:"errors"`
		Summary jsonSummary `json:"summary"`
	}
	jsonTool struct {
		Name    string `json:"name"`
		Version string `json:"version"`
		URL     string `json:"url,omitempty"`
	}
	// jsonRun is what identifies a run: two reports are of one run split
	// into shards when these agree.
	jsonRun struct {
		Root          string     `json:"root,omitempty"`
		Config        string     `json:"config"`
		Digest        string     `json:"digest"`
		Jurisdictions []string   `json:"jurisdictions"`
		FailOn        string     `json:"fail_on"`
		Baseline      string     `json:"baseline,omitempty"`
		Shard         *jsonShard `json:"shard,omitempty"`
		Text          bool       `json:"text,omitempty"`
	}
	jsonShard struct {
		Index int `json:"index"`
		Count int `json:"count"`
	}
	jsonRule struct {
		ID           string        `json:"id"`
		Pack         string        `json:"pack"`
		Title        string        `json:"title"`
		Severity     string        `json:"severity"`
		RuleSeverity string        `json:"rule_severity,omitempty"`
		URL          string        `json:"url,omitempty"`
		Help         string        `json:"help,omitempty"`
		Examples     *jsonExamples `json:"examples,omitempty"`
		Internal     bool          `json:"internal,omitempty"`
	}
	jsonExamples struct {
		Valid   []string `json:"valid"`
		Invalid []string `json:"invalid"`
	}
	jsonFile struct {
		Path     string        `json:"path"`
		Record   *jsonRecord   `json:"record,omitempty"`
		Findings []jsonFinding `json:"findings"`
		Fixed    int           `json:"fixed,omitempty"`
		Off      []string      `json:"off,omitempty"`
		Accepted []jsonFinding `json:"accepted,omitempty"`
		Text     *jsonText     `json:"text,omitempty"`
	}
	jsonRecord struct {
		Archive string `json:"archive"`
		Offset  int64  `json:"offset"`
	}
	jsonFinding struct {
		Rule           string     `json:"rule"`
		Severity       string     `json:"severity"`
		Message        string     `json:"message"`
		Line           int        `json:"line"`
		Column         int        `json:"column"`
		EndLine        int        `json:"end_line"`
		EndColumn      int        `json:"end_column"`
		ColumnUTF16    int        `json:"column_utf16"`
		EndColumnUTF16 int        `json:"end_column_utf16"`
		ColumnByte     int        `json:"column_byte"`
		EndColumnByte  int        `json:"end_column_byte"`
		Offset         int        `json:"offset"`
		EndOffset      int        `json:"end_offset"`
		Fingerprint    string     `json:"fingerprint"`
		Suppressed     bool       `json:"suppressed"`
		Justification  string     `json:"justification,omitempty"`
		Diff           string     `json:"diff,omitempty"`
		Fix            *jsonFix   `json:"fix,omitempty"`
		Text           *jsonPlace `json:"text,omitempty"`
	}
	jsonFix struct {
		Message string     `json:"message"`
		Edits   []jsonEdit `json:"edits"`
	}
	jsonEdit struct {
		Offset         int    `json:"offset"`
		EndOffset      int    `json:"end_offset"`
		Text           string `json:"text"`
		Line           int    `json:"line,omitempty"`
		Column         int    `json:"column,omitempty"`
		ColumnUTF16    int    `json:"column_utf16,omitempty"`
		ColumnByte     int    `json:"column_byte,omitempty"`
		EndLine        int    `json:"end_line,omitempty"`
		EndColumn      int    `json:"end_column,omitempty"`
		EndColumnUTF16 int    `json:"end_column_utf16,omitempty"`
		EndColumnByte  int    `json:"end_column_byte,omitempty"`
	}
	// jsonText is a file's text as its rules read it (check --json-text).
	jsonText struct {
		Blocks []jsonBlock `json:"blocks"`
	}
	jsonBlock struct {
		Tag     string `json:"tag"`
		Text    string `json:"text"`
		Content bool   `json:"content,omitempty"`
	}
	// jsonPlace is where a finding is in its file's text: the ranges of
	// text it covers ([block, from, to), byte offsets into the block's
	// text), the block it is shown before when it covers none, and what
	// its fix does to the text.
	jsonPlace struct {
		Ranges  [][3]int     `json:"ranges"`
		Place   int          `json:"place"`
		Changes []jsonChange `json:"changes,omitempty"`
	}
	jsonChange struct {
		At     int      `json:"at"`
		N      int      `json:"n"`
		Before []string `json:"before"`
		After  []string `json:"after"`
		Markup bool     `json:"markup,omitempty"`
	}
	jsonError struct {
		Path    string      `json:"path"`
		Line    int         `json:"line,omitempty"`
		Column  int         `json:"column,omitempty"`
		Message string      `json:"message"`
		Record  *jsonRecord `json:"record,omitempty"`
	}
	jsonSummary struct {
		Files      int    `json:"files"`
		Findings   int    `json:"findings"`
		Errors     int    `json:"errors"`
		Suppressed int    `json:"suppressed"`
		Fixed      int    `json:"fixed,omitempty"` // check --fix only
		FailOn     string `json:"fail_on"`
		Pass       bool   `json:"pass"`
	}
)

func writeJSON(w io.Writer, r *Result, o Options) error {
	return writeAll(newJSONStream(w, r, o), r)
}

// jsonStream writes the JSON document file by file: the same bytes as
// encoding the whole jsonReport with two-space indentation. Each file is
// one write.
type jsonStream struct {
	w       io.Writer
	head    *Result
	text    bool // each file's text and accepted findings (Options.Text)
	files   int
	sum     Summary
	failing bool         // a file fails the run
	out     bytes.Buffer // what the next write writes
	enc     bytes.Buffer // scratch of encode
}

func newJSONStream(w io.Writer, head *Result, o Options) Streamer {
	return &jsonStream{w: w, head: head, text: o.Text && head.Catalog != nil}
}

// put appends v to the output as indented JSON whose lines after the
// first start with prefix, without a final newline.
func (j *jsonStream) put(v any, prefix string) error {
	j.enc.Reset()
	enc := json.NewEncoder(&j.enc)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	j.out.Write(bytes.TrimSuffix(j.enc.Bytes(), []byte("\n")))
	return nil
}

// putKey appends a key and its value, after a comma, at the file
// object's depth.
func (j *jsonStream) putKey(key string, v any) error {
	j.out.WriteString(",\n      \"" + key + "\": ")
	return j.put(v, "      ")
}

// head appends the document up to the files' opening bracket: the
// version, the tool, and for a run with a rule table (Result.Catalog)
// the run's identity and the rule table.
func (j *jsonStream) writeHead() error {
	r := j.head
	j.out.WriteString("{\n  \"version\": 1,\n  \"tool\": ")
	if err := j.put(jsonTool{Name: r.Tool.Name, Version: r.Tool.Version, URL: r.Tool.URL}, "  "); err != nil {
		return err
	}
	if r.Catalog != nil {
		j.out.WriteString(",\n  \"run\": ")
		if err := j.put(newJSONRun(r, j.text), "  "); err != nil {
			return err
		}
		j.out.WriteString(",\n  \"rules\": ")
		if err := j.put(newJSONRules(r), "  "); err != nil {
			return err
		}
	}
	j.out.WriteString(",\n  \"files\": [")
	return nil
}

// newJSONRun is the identity of the run of r.
func newJSONRun(r *Result, text bool) *jsonRun {
	run := &jsonRun{Root: r.Root, Config: r.Config, Digest: r.Digest, Jurisdictions: r.Jurisdictions,
		FailOn: r.FailOnName(), Baseline: r.Baseline, Text: text}
	if run.Jurisdictions == nil {
		run.Jurisdictions = []string{}
	}
	if r.Shard.Count > 0 {
		run.Shard = &jsonShard{Index: r.Shard.Index, Count: r.Shard.Count}
	}
	return run
}

// newJSONRules is the rule table of r: every rule of the catalog, at the
// run's severity ("off" when the run does not enable it) and its own.
func newJSONRules(r *Result) []jsonRule {
	enabled := make(map[string]rules.Severity, len(r.Rules))
	for _, rule := range r.Rules {
		enabled[rule.ID] = rule.Severity
	}
	out := make([]jsonRule, 0, len(r.Catalog))
	for _, rule := range r.Catalog {
		sev, ok := enabled[rule.ID]
		if !ok {
			sev = rules.SevOff
		}
		jr := jsonRule{ID: rule.ID, Pack: rule.Pack, Title: rule.Title, Severity: sev.String(),
			URL: rule.URL, Help: rule.Help, Internal: rule.Internal}
		if rule.Severity != sev {
			jr.RuleSeverity = rule.Severity.String()
		}
		if len(rule.Examples.Valid)+len(rule.Examples.Invalid) > 0 {
			jr.Examples = &jsonExamples{Valid: nonNil(rule.Examples.Valid), Invalid: nonNil(rule.Examples.Invalid)}
		}
		out = append(out, jr)
	}
	return out
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// flush writes what has been appended.
func (j *jsonStream) flush() error {
	_, err := j.w.Write(j.out.Bytes())
	j.out.Reset()
	return err
}

func (j *jsonStream) File(f *File) error {
	if j.files == 0 {
		if err := j.writeHead(); err != nil {
			return err
		}
	} else {
		j.out.WriteByte(',')
	}
	j.files++
	j.sum.add(f)
	j.failing = j.failing || f.Fails(j.head.FailOn)
	// The file object is written finding by finding (a page's diffs can
	// be large), in the bytes encoding the whole jsonFile would give.
	j.out.WriteString("\n    {\n      \"path\": ")
	if err := j.put(f.Path, ""); err != nil {
		return err
	}
	if f.Record != nil {
		if err := j.putKey("record", jsonRecord{Archive: f.Record.Archive, Offset: f.Record.Offset}); err != nil {
			return err
		}
	}
	var text Text
	if j.text {
		text = f.Reading
	}
	fps := f.Fingerprints()
	j.out.WriteString(",\n      \"findings\": [")
	for i := range f.Findings {
		jd := newJSONFinding(f, i, fps[i], text)
		if i > 0 {
			j.out.WriteByte(',')
		}
		j.out.WriteString("\n        ")
		if err := j.put(jd, "        "); err != nil {
			return err
		}
		if j.out.Len() >= 64<<10 {
			if err := j.flush(); err != nil {
				return err
			}
		}
	}
	if len(f.Findings) > 0 {
		j.out.WriteString("\n      ")
	}
	j.out.WriteString("]")
	if f.Fixed > 0 {
		if err := j.putKey("fixed", f.Fixed); err != nil {
			return err
		}
	}
	if len(f.Off) > 0 {
		off := make([]string, 0, len(f.Off))
		for id := range f.Off {
			off = append(off, id)
		}
		sort.Strings(off)
		if err := j.putKey("off", off); err != nil {
			return err
		}
	}
	if j.text && len(f.Accepted) > 0 {
		acc := File{Path: f.Path, Findings: f.Accepted, fingerprints: f.acceptedFingerprints}
		afps := acc.Fingerprints()
		list := make([]jsonFinding, len(f.Accepted))
		for i := range f.Accepted {
			list[i] = newJSONFinding(&acc, i, afps[i], text)
		}
		if err := j.putKey("accepted", list); err != nil {
			return err
		}
	}
	if text != nil {
		blocks := text.TextBlocks()
		jt := jsonText{Blocks: make([]jsonBlock, len(blocks))}
		for i, b := range blocks {
			jt.Blocks[i] = jsonBlock{Tag: b.Tag, Text: b.Text, Content: b.Content}
		}
		if err := j.putKey("text", jt); err != nil {
			return err
		}
	}
	j.out.WriteString("\n    }")
	return j.flush()
}

func (j *jsonStream) Close(errs []InputError) error {
	if j.files == 0 {
		if err := j.writeHead(); err != nil {
			return err
		}
		j.out.WriteString("],\n")
	} else {
		j.out.WriteString("\n  ],\n")
	}
	j.sum.addErrors(errs)
	out := make([]jsonError, 0, len(errs))
	for _, e := range errs {
		je := jsonError{Path: e.Path, Line: e.Line, Column: e.Column, Message: e.Message}
		if e.Record != nil {
			je.Record = &jsonRecord{Archive: e.Record.Archive, Offset: e.Record.Offset}
		}
		out = append(out, je)
	}
	j.out.WriteString("  \"errors\": ")
	if err := j.put(out, "  "); err != nil {
		return err
	}
	s := j.sum
	j.out.WriteString(",\n  \"summary\": ")
	sum := jsonSummary{Files: s.Files, Findings: s.Findings, Errors: s.Errors, Suppressed: s.Suppressed, Fixed: s.Fixed,
		FailOn: j.head.FailOnName(), Pass: len(errs) == 0 && !j.failing}
	if err := j.put(sum, "  "); err != nil {
		return err
	}
	j.out.WriteString("\n}\n")
	return j.flush()
}

// newJSONFinding returns the wire form of the i-th finding of f, whose
// fingerprint is fp; with the file's text, where the finding is in it.
func newJSONFinding(f *File, i int, fp string, text Text) jsonFinding {
	fd := &f.Findings[i]
	jd := jsonFinding{
		Rule: fd.Rule.ID, Severity: fd.Severity.String(), Message: fd.Message,
		Line: fd.Start.Line, Column: fd.Start.Column, EndLine: fd.End.Line, EndColumn: fd.End.Column,
		ColumnUTF16: fd.Start.Column16, EndColumnUTF16: fd.End.Column16,
		ColumnByte: fd.Start.ByteColumn, EndColumnByte: fd.End.ByteColumn,
		Offset: fd.Span.Start, EndOffset: fd.Span.End, Fingerprint: fp,
		Suppressed: fd.Suppressed, Justification: fd.Justification,
	}
	if i < len(f.Diffs) {
		jd.Diff = f.Diffs[i]
	}
	if fd.Fix != nil {
		jd.Fix = &jsonFix{Message: fd.Fix.Message, Edits: make([]jsonEdit, len(fd.Fix.Edits))}
		for k, e := range fd.Fix.Edits {
			jd.Fix.Edits[k] = jsonEdit{Offset: e.Start, EndOffset: e.End, Text: e.Text,
				Line: e.StartPos.Line, Column: e.StartPos.Column, ColumnUTF16: e.StartPos.Column16, ColumnByte: e.StartPos.ByteColumn,
				EndLine: e.EndPos.Line, EndColumn: e.EndPos.Column, EndColumnUTF16: e.EndPos.Column16, EndColumnByte: e.EndPos.ByteColumn}
		}
	}
	if text != nil {
		p := &jsonPlace{Ranges: [][3]int{}, Place: text.Place(fd.Span.Start)}
		for _, r := range text.Locate(fd.Span) {
			p.Ranges = append(p.Ranges, [3]int{r.Block, r.Lo, r.Hi})
		}
		for _, c := range text.Changes(fd.Fix) {
			p.Changes = append(p.Changes, jsonChange{At: c.At, N: c.N, Before: nonNil(c.Before), After: nonNil(c.After), Markup: c.Markup})
		}
		jd.Text = p
	}
	return jd
}
