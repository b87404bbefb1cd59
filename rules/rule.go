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
	// OptIn is set for a rule that is off unless a config turns it on
	// under rules: (enabled: false), though its pack runs.
	OptIn bool

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

	// Check is what the rule checks; nil only for Internal rules.
	Check Check

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

// DefaultSeverity is the severity the rule runs at when the config does
// not override it: its own, or off for an opt-in rule.
func (r *Rule) DefaultSeverity() Severity {
	if r.OptIn {
		return SevOff
	}
	return r.Severity
}

// Kind returns the name of the rule's check (require, forbid, exact,
// attribute or distinct), "internal" for the rules copydesk reports by
// itself, or "" for a rule without a check.
func (r *Rule) Kind() string {
	switch {
	case r.Check != nil:
		return r.Check.Kind()
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
	Before       *Before        // the element before the each element
	Count        *Count         // elements of the scope counted
	All          []*Cond
	Any          []*Cond
	Not          *Cond
	Key          string // path of this condition in the rule, e.g. "when.any[1]"
}

// Before holds with each when the nearest element before the each
// element, in document order inside the rule's scope, that Selector
// matches, that has visible text and that the rule does not exclude,
// exists and (when Pattern is set) has text matching Pattern. Elements
// that contain the each element are not before it.
type Before struct {
	Selector string
	Pattern  *regexp.Regexp // nil: such an element exists
}

// Count holds when at least Min elements of the rule's scope (the scope
// element that each elements are found in, with each) match Selector
// and are not excluded.
type Count struct {
	Selector string
	Min      int
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
