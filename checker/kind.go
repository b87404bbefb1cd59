package checker

import "github.com/copydesk/copydesk/rules"

// Kind is a check kind: what a rule's require, forbid, exact, attribute
// or distinct key does. Kinds only compute: they read the document
// through a Pass and report findings; severity, output and exit codes
// belong to others.
//
// A kind is one file, kind_NAME.go: its Kind value, its compile step
// (what it prepares of a rule once per engine: selectors, patterns,
// literal sets) and its check, listed in kinds below. Its rule-file side
// (the key's format and decoded form, a rules.Check) is one file of the
// rules package, rules/kind_NAME.go. docs/CONTRIBUTING.md says how to add
// one.
type Kind struct {
	Name string // the rule-file key, rules.Check.Kind of its rules' checks
	Doc  string // what passes and what is reported, in markdown

	// compile prepares a rule of the kind for checking, reporting bad
	// selectors through c; it returns the rule's compiled state.
	compile func(c *compiler) any
	// check reports the violations of p.Rule in p.Scope.
	check func(p *Pass)
}

// kinds is the list of every check kind, in the order of
// rules.CheckKinds.
var kinds = [...]*Kind{requireKind, forbidKind, exactKind, attributeKind, distinctKind}

// Kinds returns the check kinds in documentation order.
func Kinds() []*Kind { return kinds[:] }

// newKind makes the Kind of the rules' checks of type C: compile makes
// the state S of each such rule once per engine, and check reads it on
// every pass. The kind's name is C's.
func newKind[C rules.Check, S any](doc string, compile func(c *compiler, check C) *S, check func(p *Pass, s *S)) *Kind {
	var zero C
	return &Kind{
		Name:    zero.Kind(),
		Doc:     doc,
		compile: func(c *compiler) any { return compile(c, c.rule.Check.(C)) },
		check:   func(p *Pass) { check(p, p.c.state.(*S)) },
	}
}

// kindOf returns the kind of a rule, or nil.
func kindOf(r *rules.Rule) *Kind {
	name := r.Kind()
	for _, k := range kinds {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// compiler is what a kind's compile step gets: the rule, and the
// engine, whose selectors, patterns and literal sets are shared by all
// its rules.
type compiler struct {
	e    *Engine
	rule *rules.Rule
	errs *rules.ErrorList
}

// selector compiles the selector src of the rule's key (e.g.
// "require.selector"), reporting an invalid one at the key's value. It
// returns nil for "".
func (c *compiler) selector(key, src string) *Selector {
	if src == "" {
		return nil
	}
	s, err := c.e.selector(src)
	if err != nil {
		c.errs.Add(c.rule.ValuePosOf(key), c.rule.KeyPath(key), "invalid selector %q: %v", src, err)
	}
	return s
}
