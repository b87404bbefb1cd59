package checker

import (
	"fmt"

	"golang.org/x/net/html"

	"github.com/copydesk/copydesk/rules"
)

// ExampleResult is the outcome of one example of a rule (copydesk test).
type ExampleResult struct {
	Rule     *rules.Rule
	Valid    bool      // the example is from examples.valid (else examples.invalid)
	Index    int       // its index in that list
	Findings []Finding // the findings of Rule on the example
	Err      error     // the example could not be checked
}

// Key returns the key path of the example in its rule, e.g.
// "examples.invalid[1]", for Rule.ValuePosOf.
func (x *ExampleResult) Key() string {
	list := "invalid"
	if x.Valid {
		list = "valid"
	}
	return fmt.Sprintf("examples.%s[%d]", list, x.Index)
}

// Passed reports whether the rule behaves as the example says: no
// finding on a valid example, at least one on an invalid example.
// Suppressed findings do not count.
func (x *ExampleResult) Passed() bool {
	if x.Err != nil {
		return false
	}
	n := 0
	for i := range x.Findings {
		if !x.Findings[i].Suppressed {
			n++
		}
	}
	return x.Valid == (n == 0)
}

// RunExamples checks every example of every rule of the engine, in rule
// order, valid examples first. Each example is a document of its own,
// named example.html, checked by its rule alone at the rule's own
// severity and with no run jurisdictions: an example declares what it
// needs (<meta name="copydesk:jurisdiction" content="ru">).
func (e *Engine) RunExamples() []ExampleResult {
	var out []ExampleResult
	for _, c := range e.rules {
		for _, ex := range []struct {
			valid bool
			list  []string
		}{{true, c.Examples.Valid}, {false, c.Examples.Invalid}} {
			for i, src := range ex.list {
				x := ExampleResult{Rule: c.Rule, Valid: ex.valid, Index: i}
				x.Findings, x.Err = e.checkOne(c, "example.html", []byte(src))
				out = append(out, x)
			}
		}
	}
	return out
}

// checkOne checks a document with one rule.
func (e *Engine) checkOne(c *compiled, path string, src []byte) ([]Finding, error) {
	doc, err := Parse(path, src)
	if err != nil {
		return nil, err
	}
	r := &run{e: e, doc: doc, jur: documentJurisdictions(doc, nil), scopes: make(map[*Selector][]*html.Node)}
	r.perRule, r.perFile = limits(Options{})
	r.rule(c)
	r.ruleDone(c.Rule)
	for i := range r.findings {
		r.findings[i].Severity = c.Severity
	}
	// Only this rule runs: the others are off, and so are the core rules.
	r.suppress(func(id string) rules.Severity {
		if id == c.ID {
			return c.Severity
		}
		return rules.SevOff
	})
	if err := r.validate(); err != nil {
		return nil, err
	}
	r.sort()
	return r.finish(), nil
}
