package rules

import (
	"reflect"
	"slices"
	"strings"
)

// KeyDoc describes a key of a rule file or config, as the docs list it.
// The docs' tables of keys (docs/rules.md, docs/configuration.md) are
// made of these, that is of the wire structs' tags.
type KeyDoc struct {
	Key      string
	Doc      string // one line, from the doc tag
	Default  string // "" when the key has none; a list as "a, b"
	Required bool
	// OneOf is set on the keys of which exactly one must be given.
	OneOf bool
}

// formatParts are the parts of the file formats that FormatKeys
// describes, besides the check kinds.
var formatParts = map[string]reflect.Type{
	"rule file": reflect.TypeFor[ruleFileWire](),
	"rule":      reflect.TypeFor[ruleWire](),
	"var":       reflect.TypeFor[varDeclWire](),
	"when":      reflect.TypeFor[condWire](),
	"fix":       reflect.TypeFor[fixWire](),
	"examples":  reflect.TypeFor[examplesWire](),
	"config":    reflect.TypeFor[configWire](),
	"override":  reflect.TypeFor[overrideWire](),
}

// FormatKeys returns the keys of a part of the file formats, in the
// order the format lists them: "rule file", "rule", "var" (a variable
// declaration), "when", "fix", "examples", "config", "override" (an
// entry of the config's overrides), or the key of a check kind such as
// "require" (the keys of its value). It returns nil for anything else.
func FormatKeys(part string) []KeyDoc {
	t, ok := formatParts[part]
	if !ok {
		i := slices.IndexFunc(checkKinds[:], func(k *checkKind) bool { return k.key == part })
		if i < 0 {
			return nil
		}
		t = checkKinds[i].wire
	}
	spec, err := specOf(t)
	if err != nil {
		panic(err) // a bad struct tag is a bug; TestWireTags catches it
	}
	var oneOf []string
	for _, g := range spec.oneOf {
		oneOf = append(oneOf, g...)
	}
	docs := make([]KeyDoc, len(spec.fields))
	for i, f := range spec.fields {
		docs[i] = KeyDoc{Key: f.key, Doc: f.doc, Default: f.def, Required: f.required, OneOf: slices.Contains(oneOf, f.key)}
		if t.Field(f.index).Type.Kind() == reflect.Slice {
			docs[i].Default = strings.ReplaceAll(f.def, ",", ", ")
		}
	}
	return docs
}
