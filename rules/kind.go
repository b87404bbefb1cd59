package rules

import "reflect"

// A check kind is what a rule's require, forbid, exact, attribute or
// distinct key does. Its rule-file side lives in one file of this
// package, kind_NAME.go: the wire struct of its key (the format, with
// the tags decode.go checks and schema.go turns into JSON Schema), the
// decoded form a Rule holds (a Check), the loader step that turns the
// one into the other, and a checkKind value naming them, listed in
// checkKinds below. What the kind does to a page lives in one file of
// the checker, checker/kind_NAME.go. docs/CONTRIBUTING.md says how to
// add one.

// Check is the decoded form of a rule's check: *Require, *Forbid,
// *Exact, *Attribute or *Distinct. The checker's kind of the same name
// runs it.
type Check interface {
	// Kind returns the rule-file key of the check, e.g. "require".
	Kind() string
}

// checkKinds lists every check kind, in documentation order: the order
// of "missing one of …" errors, of the JSON Schema's alternatives and of
// the reference in docs/rules.md.
var checkKinds = [...]*checkKind{requireCheck, forbidCheck, exactCheck, attributeCheck, distinctCheck}

// checkKind is the rule-file side of a check kind.
type checkKind struct {
	key  string       // the rule-file key, and Check.Kind of its checks
	doc  string       // one-line description of the key, for the schema
	wire reflect.Type // the wire struct of the key's value
	// fix says whether a rule with this check may have a fix.
	fix bool
	// load turns the decoded wire value (a pointer to wire) at path into
	// the check, reporting problems through l.
	load func(l *ruleLoader, w any, path string) Check
}

// newCheckKind makes the checkKind of the check C, whose key's value
// decodes into the wire struct W and which load makes of it.
func newCheckKind[W any, C Check](key, doc string, fix bool, load func(l *ruleLoader, w *W, path string) C) *checkKind {
	return &checkKind{
		key:  key,
		doc:  doc,
		wire: reflect.TypeFor[W](),
		fix:  fix,
		load: func(l *ruleLoader, w any, path string) Check { return load(l, w.(*W), path) },
	}
}

// checkSet is the field of ruleWire that stands for the keys of
// checkKinds: the decoder gives the struct one key per kind, of which
// exactly one must be present (like a oneOf group), and records here
// each one the rule gives, in file order.
type checkSet []givenCheck

// givenCheck is a check key a rule gives and its decoded value.
type givenCheck struct {
	kind *checkKind
	wire any // a pointer to a value of kind.wire
}

// CheckKinds returns the rule-file keys of the check kinds, in
// documentation order.
func CheckKinds() []string {
	keys := make([]string, len(checkKinds))
	for i, k := range checkKinds {
		keys[i] = k.key
	}
	return keys
}

// fixKinds returns the keys of the kinds whose rules may have a fix,
// as "require or exact".
func fixKinds() string {
	var keys []string
	for _, k := range checkKinds {
		if k.fix {
			keys = append(keys, k.key)
		}
	}
	return orList(keys)
}
