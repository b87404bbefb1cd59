package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/rules"
)

// Tool identifies the program in reports.
type Tool struct {
	Name    string
	Version string
	URL     string
}

// Result is everything one run produced, in report order.
type Result struct {
	Tool Tool
	// Root is the absolute directory the report paths are relative to
	// (the working directory); "" when unknown. SARIF names it as the
	// %SRCROOT% base of its relative URIs.
	Root   string
	Rules  []*rules.Rule // the enabled rules
	Files  []File        // sorted by path
	Errors []InputError  // sorted by path

	// FailOn is the lowest severity that fails the run (SevOff: nothing
	// fails); text output marks and counts findings by it.
	FailOn rules.Severity

	// Config names the config file the run used ("" for the built-in
	// default), and Baseline the --baseline file ("" without one), for
	// the formats that say so (html).
	Config   string
	Baseline string

	// Catalog, when set, is every rule of the run's rule set at its own
	// severity (Rules holds the enabled ones at the run's): the rules a
	// finding may name, some of them turned on only for some files by
	// the config's overrides. The JSON report then carries the rule
	// table and the run's identity below, so that copydesk merge can
	// write any format from it and refuse reports of different runs; a
	// report of one document (serve) has none.
	Catalog []*rules.Rule
	// Digest identifies the config and rules: a hash of the config, the
	// rule files and the files they read, and the built-in packs used.
	Digest string
	// Jurisdictions are those of the run (--jurisdiction).
	Jurisdictions []string
	// Shard is the part of a run split into shards this report is of;
	// zero when the run was not split.
	Shard Shard
}

// Shard is the Index-th part of Count (from 1) of a run split into
// shards (check --shard).
type Shard struct {
	Index, Count int
}

// Record places a document read from a web archive (WARC): the
// archive's report path and the byte offset of the record in the
// archive file (of its gzip member in a .warc.gz), where a WARC reader
// or a CDX index finds it.
type Record struct {
	Archive string
	Offset  int64
}

// Text is a file's text as its rules read it, for the formats that show
// the article (Format.Reading): the blocks of text in document order,
// and where findings and fixes are in them (see checker.Reading, which
// is one; a JSON report carries another, copydesk merge reads it).
type Text interface {
	TextBlocks() []checker.TextBlock
	// Locate returns the text a finding's span covers, block by block.
	Locate(s checker.Span) []checker.TextRange
	// Place returns the block before which a finding without text at
	// offset off is shown.
	Place(off int) int
	// Changes returns what a finding's fix does to the text.
	Changes(f *checker.Fix) []checker.Change
}

// File is the findings of one checked file.
type File struct {
	Path     string
	Findings []checker.Finding
	// Diffs holds, for each finding with a fix, the unified diff of that
	// fix alone ("" for findings without one); nil when not computed.
	Diffs []string
	// Content says which element rules without a scope looked at, and
	// why ("line:col: <tag>: how"); set by check --explain-scope.
	Content string
	// Fixed counts the findings whose fixes check --fix applied to the
	// file; Findings are then what remains.
	Fixed int
	// Off holds the rules that the config's overrides turn off for this
	// file: they were not checked in it (JUnit lists no test case for them).
	Off map[string]bool
	// Reading is the file's text as its rules read it, for the formats
	// that show the article (Format.Reading); nil when none is written.
	Reading Text
	// Accepted holds the findings a --baseline accepts (see
	// Baseline.Filter): no longer in Findings, and reported by no format
	// but html, which shows them greyed out.
	Accepted []checker.Finding
	// Record, for a document read from a web archive, says where in the
	// archive (Path is then the record's WARC-Target-URI).
	Record *Record

	// fingerprints are those of Findings (and acceptedFingerprints of
	// Accepted) when they were read from a JSON report, which does not
	// carry the text they are made of.
	fingerprints, acceptedFingerprints []string
}

// InputError is an input that could not be read or checked.
type InputError struct {
	Path    string
	Line    int // 0 when the problem has no position
	Column  int
	Message string
	Record  *Record // for a record of a web archive, where it is
}

// Error formats the error as path:line:col: message.
func (e InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.Path, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Message)
}

// Summary counts what a run found.
type Summary struct {
	Files      int
	Findings   int // not counting suppressed findings
	Errors     int // input errors
	Suppressed int
	Fixed      int // findings fixed by check --fix
	BySeverity map[rules.Severity]int
}

// Summary counts the result.
func (r *Result) Summary() Summary {
	s := Summary{BySeverity: make(map[rules.Severity]int)}
	for i := range r.Files {
		s.add(&r.Files[i])
	}
	s.addErrors(r.Errors)
	return s
}

// AddFile counts one checked file, as a report's summary does.
func (s *Summary) AddFile(f *File) { s.add(f) }

// AddErrors counts the inputs that could not be checked.
func (s *Summary) AddErrors(errs []InputError) { s.addErrors(errs) }

// add counts one checked file.
func (s *Summary) add(f *File) {
	if s.BySeverity == nil {
		s.BySeverity = make(map[rules.Severity]int)
	}
	s.Files++
	s.Fixed += f.Fixed
	for i := range f.Findings {
		if f.Findings[i].Suppressed {
			s.Suppressed++
			continue
		}
		s.Findings++
		s.BySeverity[f.Findings[i].Severity]++
	}
}

// addErrors counts the inputs that could not be checked.
func (s *Summary) addErrors(errs []InputError) {
	if s.BySeverity == nil {
		s.BySeverity = make(map[rules.Severity]int)
	}
	s.Files += len(errs)
	s.Errors += len(errs)
}

// Pass reports whether the run passes: every input was checked and no
// finding that is not suppressed is at or above FailOn.
func (r *Result) Pass() bool {
	if len(r.Errors) > 0 {
		return false
	}
	for i := range r.Files {
		if r.Files[i].Fails(r.FailOn) {
			return false
		}
	}
	return true
}

// Fails reports whether a finding of f that is not suppressed is at or
// above failOn (with SevOff, nothing fails).
func (f *File) Fails(failOn rules.Severity) bool {
	if failOn == rules.SevOff {
		return false
	}
	for i := range f.Findings {
		if fd := &f.Findings[i]; !fd.Suppressed && fd.Severity >= failOn {
			return true
		}
	}
	return false
}

// FailOnName names r.FailOn as --fail-on spells it: error, warning,
// info or none.
func (r *Result) FailOnName() string {
	if r.FailOn == rules.SevOff {
		return "none"
	}
	return r.FailOn.String()
}

// ruleList returns the rules a report describes, with the index of each
// id: the enabled rules, then any rule a finding names that is not among
// them (such as one the checker reports itself), in order of appearance.
func (r *Result) ruleList() ([]*rules.Rule, map[string]int) {
	list := make([]*rules.Rule, 0, len(r.Rules))
	index := make(map[string]int, len(r.Rules))
	add := func(rule *rules.Rule) {
		if _, ok := index[rule.ID]; !ok {
			index[rule.ID] = len(list)
			list = append(list, rule)
		}
	}
	for _, rule := range r.Rules {
		add(rule)
	}
	for _, f := range r.Files {
		for i := range f.Findings {
			add(f.Findings[i].Rule)
		}
	}
	return list, index
}

// helpURL returns where a rule is documented: its own url, or for a
// rule without one the rule-file section of the tool's README ("" when
// the tool has no URL either).
func (r *Result) helpURL(rule *rules.Rule) string {
	if rule.URL != "" {
		return rule.URL
	}
	if r.Tool.URL != "" {
		return r.Tool.URL + "#rule-files"
	}
	return ""
}

// Sort puts files and errors in report order (see FileBefore, ErrorBefore).
func (r *Result) Sort() {
	sort.SliceStable(r.Files, func(i, j int) bool { return FileBefore(&r.Files[i], &r.Files[j]) })
	SortErrors(r.Errors)
}

// orderKey is where a file or error comes in a report: at its path, or
// for a record of a web archive at the archive's path, in archive order.
func orderKey(path string, rec *Record) (string, int64) {
	if rec != nil {
		return rec.Archive, rec.Offset
	}
	return path, -1
}

// FileBefore reports whether file a comes before file b in a report:
// files are in path order, and the records of a web archive come at the
// archive's place, in the order of the archive (docs/reports.md,
// "Positions, paths and order").
func FileBefore(a, b *File) bool {
	ka, oa := orderKey(a.Path, a.Record)
	kb, ob := orderKey(b.Path, b.Record)
	if ka != kb {
		return ka < kb
	}
	return oa < ob
}

// ErrorBefore reports whether input error a comes before b in a report:
// in the order of files, then by message.
func ErrorBefore(a, b *InputError) bool {
	ka, oa := orderKey(a.Path, a.Record)
	kb, ob := orderKey(b.Path, b.Record)
	switch {
	case ka != kb:
		return ka < kb
	case oa != ob:
		return oa < ob
	case a.Path != b.Path:
		return a.Path < b.Path
	}
	return a.Message < b.Message
}

// SortErrors puts input errors in report order.
func SortErrors(errs []InputError) {
	sort.SliceStable(errs, func(i, j int) bool { return ErrorBefore(&errs[i], &errs[j]) })
}

// Options are presentation settings shared by the formats.
type Options struct {
	Color bool // ANSI colour (text only)
	Quiet bool // text: only findings that fail the run, no summary
	// JUnitBelow is how junit shows the findings below FailOn.
	JUnitBelow JUnitBelow
	// Text (json, for a run with a rule table): carry each file's text
	// (File.Reading) and the findings a baseline accepts, so that the
	// report can be merged into an html report (check --json-text).
	Text bool
}

// JUnitBelow is how the junit format shows a rule whose findings in a
// file are all below --fail-on (docs/reports.md, "JUnit").
type JUnitBelow int

// The ways junit shows findings that do not fail the run.
const (
	// JUnitPass: a passed test case, the findings in its system-out, so
	// the test report agrees with the exit code (the default).
	JUnitPass JUnitBelow = iota
	// JUnitSkip: a skipped test case, the findings in its system-out.
	JUnitSkip
	// JUnitFail: a failed test case, as findings that fail the run.
	JUnitFail
)

// JUnitBelowNames are the values of check --junit-below-fail-on, in the
// order of the constants.
var JUnitBelowNames = []string{"pass", "skip", "fail"}

// Format is an output format. A format is one file of this package,
// NAME.go: its Format value (listed in formats), its writer and its wire
// structs; docs/CONTRIBUTING.md says how to add one.
type Format struct {
	Name  string // the --format name
	Doc   string // one line: what the format is and who reads it
	Write func(w io.Writer, r *Result, o Options) error
	// NewStream, when set, writes the format file by file (see Stream);
	// a format without it is written by Write once the run is over.
	NewStream func(w io.Writer, head *Result, o Options) Streamer
	// Reading reports that the format shows each article's text: the
	// files handed to it need File.Reading.
	Reading bool
}

// formats lists every output format, in the order of the docs; each is
// defined in its own file, with its wire structs.
var formats = [...]Format{textFormat, jsonFormat, sarifFormat, githubFormat, junitFormat, gitlabFormat, rdjsonFormat, rdjsonlFormat, htmlFormat}

// Formats returns the output formats.
func Formats() []Format { return formats[:] }

// Lookup returns the format called name.
func Lookup(name string) (Format, bool) {
	for _, f := range formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// FormatNames returns the names of the formats, comma-separated.
func FormatNames() string {
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}
