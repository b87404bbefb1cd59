package rules

import "regexp"

// requireCheck is the require kind: a text, pattern or selector must be
// present.
var requireCheck = newCheckKind("require", "check: a text, pattern or selector must be present", true, (*ruleLoader).require)

// requireWire is the value of a require key.
type requireWire struct {
	_ struct{} `oneOf:"text,pattern,selector"`

	Text     string `yaml:"text" minLength:"1" doc:"literal text that must occur in a block"`
	Pattern  string `yaml:"pattern" minLength:"1" doc:"RE2 regular expression that must match within a block"`
	Selector string `yaml:"selector" minLength:"1" doc:"CSS selector that must match an element in the scope"`
	Position string `yaml:"position" enum:"any,first,last" default:"any" doc:"where the matching block must be: anywhere, or the first or last block"`
	Within   int    `yaml:"within" minimum:"1" doc:"with position first or last: how many blocks from that end may hold the match"`
	Until    string `yaml:"until" minLength:"1" doc:"CSS selector list: only blocks that start before the end of the first element it matches in the scope count (alternatives tried in order; no match: no limit), e.g. h1 for above or in the headline"`
	Min      int    `yaml:"min" minimum:"0" default:"1" doc:"minimum number of occurrences"`
	Max      int    `yaml:"max" minimum:"0" doc:"maximum number of occurrences; default: no maximum"`
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

// Kind implements Check.
func (*Require) Kind() string { return requireCheck.key }

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

// require converts a require check.
func (l *ruleLoader) require(w *requireWire, p string) *Require {
	key := func(k string) string { return joinKey(p, k) }
	r := &Require{
		Text:     l.sub(key("text"), w.Text, ctxText),
		Pattern:  l.pattern(key("pattern"), w.Pattern),
		Selector: l.sub(key("selector"), w.Selector, ctxText),
		Within:   w.Within,
		Until:    l.sub(key("until"), w.Until, ctxText),
		Min:      w.Min,
		Max:      -1,
	}
	if l.d.has(key("until")) && l.d.has(key("selector")) {
		l.keyErrorf(key("until"), "until is not allowed with selector")
	}
	switch w.Position {
	case "first":
		r.Position = First
	case "last":
		r.Position = Last
	}
	if l.d.has(key("within")) && !l.d.bad[key("within")] && r.Position == Anywhere {
		l.keyErrorf(key("within"), "within needs position first or last")
	}
	if l.d.has(key("max")) && !l.d.bad[key("max")] {
		r.Max = w.Max
		if !l.d.bad[key("min")] && w.Max < w.Min {
			l.errorf(key("max"), "max (%d) is less than min (%d)", w.Max, w.Min)
		}
	}
	return r
}
