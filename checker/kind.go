package checker

import "github.com/copydesk/copydesk/rules"

// Kind is a check kind: what a rule's require, forbid, exact, attribute
// or distinct key does. Kinds only compute: they read the document
// through a Pass and report findings; severity, output and exit codes
// belong to others.
type Kind struct {
	Name string // the rule-file key
	Doc  string // what passes and what is reported
	// Check reports the violations of p.Rule in p.Scope.
	Check func(p *Pass)
}

// kinds is the list of every check kind; its names are the rule-file keys
// of rules.Rule.Kind.
var kinds = [...]*Kind{requireKind, forbidKind, exactKind, attributeKind, distinctKind}

// Kinds returns the check kinds in documentation order.
func Kinds() []*Kind { return kinds[:] }

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
