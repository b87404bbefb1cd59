package rules

import (
	"fmt"
	"regexp"
	"strings"
	"text/template"
)

// Severity is how serious a finding is. The zero value is SevOff.
type Severity int

// Severities in increasing order; comparisons such as s >= SevWarning work.
const (
	SevOff Severity = iota
	SevInfo
	SevWarning
	SevError
)

var severityNames = [...]string{SevOff: "off", SevInfo: "info", SevWarning: "warning", SevError: "error"}

// String returns the lower-case name used in rule files and reports.
func (s Severity) String() string {
	if s < SevOff || s > SevError {
		return "invalid"
	}
	return severityNames[s]
}

// ParseSeverity parses error, warning, info or off.
func ParseSeverity(name string) (Severity, bool) {
	for s, n := range severityNames {
		if n == name {
			return Severity(s), true
		}
	}
	return SevOff, false
}

// Position says where a require check looks for its text.
type Position int

// Positions of a required block inside its scope.
const (
	Anywhere Position = iota // "any"
	First                    // "first": the first block (or the first Within blocks)
	Last                     // "last": the last block (or the last Within blocks)
)

var positionNames = [...]string{Anywhere: "any", First: "first", Last: "last"}

// String returns any, first or last.
func (p Position) String() string { return positionNames[p] }

// Normalize is a set of text normalisations applied before comparing text.
type Normalize uint8

// Normalisations of the exact check and of literal text matching.
const (
	NormSpace  Normalize = 1 << iota // runs of white space compare equal to one space
	NormQuotes                       // typographic quotes compare equal to ' and "
	NormDashes                       // en, em and other dashes compare equal to -
	NormCase                         // letter case is ignored
)

// DefaultNormalize is what exact uses when the rule does not say.
const DefaultNormalize = NormSpace | NormQuotes | NormDashes

// Rule is one loaded, validated rule with variables substituted.
type Rule struct {
	ID       string // "<pack>/<name>"
	Pack     string
	Title    string
	Help     string // markdown
	URL      string
	Severity Severity // the rule's own severity; config overrides apply later

	// Message is the template source; Msg is nil when the rule has none
	// and the check kind words its own message.
	Message string
	Msg     *template.Template

	Scope string // CSS selector list of the scope; "" means the config's content
	Each  string // CSS selector: run the check once per matching element
	// Exclude is a CSS selector list: blocks, elements and each elements
	// inside (or at) an element it matches are ignored; "" ignores nothing.
	Exclude string
	When    *Cond // nil: always applies
	// Jurisdictions are those of the rule's pack (File.Jurisdictions):
	// when set, the rule applies only to pages in one of them.
	Jurisdictions []string

	// Exactly one check is set.
	Require   *Require
	Forbid    *Forbid
	Exact     *Exact
	Attribute *Attribute
	Distinct  *Distinct

	Fix      *Fix // an insertion that repairs a failed require or a missing exact text
	Examples Examples

	// Internal is set on the rules copydesk reports by itself (pack
	// copydesk, e.g. ParseWarningID); they have no check.
	Internal bool

	Index  int            // position of the rule in its file's rules list
	Pos    Pos            // where the rule starts in its file
	KeyPos map[string]Pos // positions of keys by path, e.g. "scope", "require.selector", "when.all[0].has"
	// ValuePos holds the positions of the values by the same paths (of
	// non-empty values only); see ValuePosOf.
	ValuePos map[string]Pos
}

// Kind returns the name of the rule's check: require, forbid, exact,
// attribute or distinct.
func (r *Rule) Kind() string {
	switch {
	case r.Require != nil:
		return "require"
	case r.Forbid != nil:
		return "forbid"
	case r.Exact != nil:
		return "exact"
	case r.Attribute != nil:
		return "attribute"
	case r.Distinct != nil:
		return "distinct"
	case r.Internal:
		return "internal"
	}
	return ""
}

// PosOf returns the position of the key at path (as in KeyPos), falling
// back to the closest enclosing key and then to the rule itself.
func (r *Rule) PosOf(path string) Pos {
	for {
		if p, ok := r.KeyPos[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			return r.Pos
		}
		path = path[:i]
	}
}

// ValuePosOf returns the position of the value at path (as in
// ValuePos), falling back to PosOf. Report a bad value, such as an
// invalid selector, at its value position.
func (r *Rule) ValuePosOf(path string) Pos {
	if p, ok := r.ValuePos[path]; ok {
		return p
	}
	return r.PosOf(path)
}

// KeyPath returns the path of a key of the rule as errors name it, e.g.
// KeyPath("require.selector") is "rules[3].require.selector".
func (r *Rule) KeyPath(key string) string {
	return fmt.Sprintf("rules[%d].%s", r.Index, key)
}

// Require passes when its text, pattern or selector is present.
type Require struct {
	Text     string         // literal, matched after normalisation
	Pattern  *regexp.Regexp // RE2, matched within one block
	Selector string         // CSS selector, matched within the scope
	Position Position
	Within   int // with First/Last: how many blocks from that end; 0 means 1
	// Until is a CSS selector list: only blocks that start before the
	// end of the first element it matches in the scope count ("" or no
	// match: no limit).
	Until string
	Min   int // minimum occurrence count (the loader defaults it to 1; 0 allows none)
	Max   int // maximum occurrence count; -1 means no maximum
}

// Forbid passes when none of its text, words, pattern or selector occurs.
type Forbid struct {
	Text     string
	Words    []string // whole words, case-insensitive
	Pattern  *regexp.Regexp
	Selector string
	// Replace is the replacement for each match: a literal, or a
	// template with $1/${name} references for patterns. HasReplace tells
	// an empty replacement (delete the match) from none.
	Replace    string
	HasReplace bool
	// Rewrite, when set, makes the replacement instead of Replace: each
	// substitution in turn applies to the matched text.
	Rewrite []Rewrite
}

// Rewrite is one substitution of a forbid rewrite: every match of
// Pattern becomes Replace (a regexp.Expand template).
type Rewrite struct {
	Pattern *regexp.Regexp
	Replace string
}

// Rewritten returns the replacement the forbid's rewrites make of the
// matched text s.
func (f *Forbid) Rewritten(s string) string {
	for _, r := range f.Rewrite {
		if r.Pattern != nil {
			s = r.Pattern.ReplaceAllString(s, r.Replace)
		}
	}
	return s
}

// Exact passes when a canonical boilerplate text is present verbatim.
// A text of several paragraphs (separated by blank lines) is checked as
// several boilerplate blocks, each on its own.
type Exact struct {
	Text      string   // canonical text, variables substituted
	Paras     []string // Text split into paragraphs, white space collapsed
	Normalize Normalize
	Threshold float64 // similarity at or above which a near match is "altered"
}

// Attribute passes when every element matched by Selector has attribute
// Name, non-empty and matching Pattern when one is given.
type Attribute struct {
	Selector string
	Name     string
	Pattern  *regexp.Regexp
	Default  string // value an autofix sets; "" means no fix
}

// Distinct passes when no two blocks in the scope have the same text.
type Distinct struct {
	MinLength int    // blocks shorter than this many characters are ignored
	Selector  string // CSS selector: only blocks of matching elements count; "" means all
}

// Where an inserted fix goes inside its scope element.
const (
	AtStart = "start"
	AtEnd   = "end"
)

// Fix is an insertion repairing a missing text.
type Fix struct {
	Insert string // HTML, variables substituted
	At     string // AtStart or AtEnd
}

// Examples are HTML snippets a rule must pass (Valid) and fail (Invalid).
type Examples struct {
	Valid   []string
	Invalid []string
}

// Cond is a when condition. All set fields must hold.
type Cond struct {
	Jurisdiction []string // any of these is in the run's jurisdictions
	Lang         string   // prefix of <html lang>, case-insensitive
	Meta         []MetaCond
	Has          string         // CSS selector
	Contains     *regexp.Regexp // pattern within the scope's blocks
	Path         string         // glob on the slash path, ** allowed
	All          []*Cond
	Any          []*Cond
	Not          *Cond
	Key          string // path of this condition in the rule, e.g. "when.any[1]"
}

// MetaCond holds when a <meta> whose name or property is Name has
// content matching Pattern.
type MetaCond struct {
	Name    string
	Pattern *regexp.Regexp
}

// MessageData is the data of a rule's message template.
type MessageData struct {
	Match       string
	Expected    string
	Replacement string
}
