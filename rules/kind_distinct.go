package rules

// distinctCheck is the distinct kind: no two blocks in the scope have
// the same text.
var distinctCheck = newCheckKind("distinct", "check: no two blocks in the scope have the same text", false, (*ruleLoader).distinct)

// distinctWire is the value of a distinct key.
type distinctWire struct {
	MinLength int    `yaml:"min_length" minimum:"1" default:"40" doc:"blocks shorter than this many characters are ignored"`
	Selector  string `yaml:"selector" minLength:"1" doc:"CSS selector: only the blocks of elements it matches are compared (e.g. p); default: every block"`
	Earlier   string `yaml:"earlier" minLength:"1" doc:"CSS selector: only copies of a block held by an element it matches (and the selector's) are reported, e.g. the deck, which may also stand before the scope; default: copies of any compared block"`
	Run       int    `yaml:"run" minimum:"1" default:"1" doc:"report only runs of at least this many consecutive compared blocks that repeat, in order, consecutive earlier blocks (a passage or the body printed twice), once per run at its first copy; 1: every copy"`
}

// Distinct passes when no two blocks in the scope have the same text.
type Distinct struct {
	MinLength int    // blocks shorter than this many characters are ignored
	Selector  string // CSS selector: only blocks of matching elements count; "" means all
	Earlier   string // CSS selector: only copies of blocks of matching elements are reported; "" means any
	Run       int    // fewest consecutive repeated blocks reported (as one finding); 1: every copy
}

// Kind implements Check.
func (*Distinct) Kind() string { return distinctCheck.key }

// distinct converts a distinct check.
func (l *ruleLoader) distinct(w *distinctWire, p string) *Distinct {
	return &Distinct{
		MinLength: w.MinLength,
		Selector:  l.sub(joinKey(p, "selector"), w.Selector, ctxText),
		Earlier:   l.sub(joinKey(p, "earlier"), w.Earlier, ctxText),
		Run:       w.Run,
	}
}
