package rules

import "regexp"

// attributeCheck is the attribute kind: every matching element has a
// (matching) attribute.
var attributeCheck = newCheckKind("attribute", "check: every matching element has a (matching) attribute", false, (*ruleLoader).attribute)

// attributeWire is the value of an attribute key.
type attributeWire struct {
	Selector string `yaml:"selector" required:"true" minLength:"1" doc:"CSS selector of the elements that need the attribute"`
	Name     string `yaml:"name" required:"true" pattern:"^[^\\s\"'>/=]+$" doc:"attribute name"`
	Pattern  string `yaml:"pattern" minLength:"1" doc:"RE2 regular expression the attribute value must match"`
	Default  string `yaml:"default" doc:"value an autofix sets when the attribute is missing"`
}

// Attribute passes when every element matched by Selector has attribute
// Name, non-empty and matching Pattern when one is given.
type Attribute struct {
	Selector string
	Name     string
	Pattern  *regexp.Regexp
	Default  string // value an autofix sets; "" means no fix
}

// Kind implements Check.
func (*Attribute) Kind() string { return attributeCheck.key }

// attribute converts an attribute check.
func (l *ruleLoader) attribute(w *attributeWire, p string) *Attribute {
	key := func(k string) string { return joinKey(p, k) }
	return &Attribute{
		Selector: l.sub(key("selector"), w.Selector, ctxText),
		Name:     w.Name,
		Pattern:  l.pattern(key("pattern"), w.Pattern),
		Default:  l.sub(key("default"), w.Default, ctxText),
	}
}
