package rules

// distinctCheck is the distinct kind: no two blocks in the scope have
// the same text.
var distinctCheck = newCheckKind("distinct", "check: no two blocks in the scope have the same text", false, (*ruleLoader).distinct)

// distinctWire is the value of a distinct key.
type distinctWire struct {
	MinLength int    `yaml:"min_length" minimum:"1" default:"40" doc:"blocks shorter than this many characters are ignored"`
	Selector  string `yaml:"selector" minLength:"1" doc:"CSS selector: only the blocks of elements it matches are compared (e.g. p); default: every block"`
}

// Distinct passes when no two blocks in the scope have the same text.
type Distinct struct {
	MinLength int    // blocks shorter than this many characters are ignored
	Selector  string // CSS selector: only blocks of matching elements count; "" means all
}

// Kind implements Check.
func (*Distinct) Kind() string { return distinctCheck.key }

// distinct converts a distinct check.
func (l *ruleLoader) distinct(w *distinctWire, p string) *Distinct {
	return &Distinct{MinLength: w.MinLength, Selector: l.sub(joinKey(p, "selector"), w.Selector, ctxText)}
}
