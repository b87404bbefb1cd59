package rules

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// The JSON Schemas (draft 2020-12) of the rule file and config formats
// are generated from the wire structs of wire.go, the definitions the
// decoder checks: their tags carry JSON Schema's own keyword names. Editors
// (yaml-language-server, VS Code, JetBrains) use them to complete and
// check files as they are typed. A schema cannot say everything the
// loader checks (a valid RE2 pattern or CSS selector, defined variables,
// unique ids); copydesk check and copydesk test say the rest.

// SchemaDraft is the JSON Schema dialect of the schemas.
const SchemaDraft = "https://json-schema.org/draft/2020-12/schema"

// RuleFileSchema returns the JSON Schema of rule files, indented JSON.
func RuleFileSchema() []byte {
	return schemaOf(reflect.TypeFor[ruleFileWire](), "https://github.com/copydesk/copydesk/schema/rules.json",
		"copydesk rule file", "A pack of copydesk rules: version, pack name and rules (README.md, \"Rule files\").")
}

// ConfigSchema returns the JSON Schema of .copydesk.yml, indented JSON.
func ConfigSchema() []byte {
	return schemaOf(reflect.TypeFor[configWire](), "https://github.com/copydesk/copydesk/schema/config.json",
		"copydesk config (.copydesk.yml)", "Which packs run, with which variables, jurisdictions and severities (README.md, \"Configuration\").")
}

// schemaGen builds a schema, one $defs entry per wire struct.
type schemaGen struct {
	defs map[string]any
}

func schemaOf(root reflect.Type, id, title, desc string) []byte {
	g := &schemaGen{defs: map[string]any{}}
	s := g.structSchema(root)
	s["$schema"] = SchemaDraft
	s["$id"] = id
	s["title"] = title
	s["description"] = desc
	if len(g.defs) > 0 {
		s["$defs"] = g.defs
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("rules: schema: %v", err)) // the values are plain maps, slices and strings
	}
	return append(out, '\n')
}

// defName is the $defs name of a wire struct: "ruleWire" -> "rule".
func defName(t reflect.Type) string {
	return strings.TrimSuffix(t.Name(), "Wire")
}

// ref returns a reference to the schema of a wire struct, generating it
// on first use (recursive types, such as conditions, refer to themselves).
func (g *schemaGen) ref(t reflect.Type) map[string]any {
	name := defName(t)
	if _, ok := g.defs[name]; !ok {
		g.defs[name] = nil // placeholder: stops the recursion
		g.defs[name] = g.structSchema(t)
	}
	return map[string]any{"$ref": "#/$defs/" + name}
}

// structSchema is the schema of a wire struct: an object with exactly its
// keys, the required ones, and one of each oneOf group.
func (g *schemaGen) structSchema(t reflect.Type) map[string]any {
	spec, err := specOf(t)
	if err != nil {
		panic(err) // a bad struct tag is a bug; TestWireTags catches it
	}
	props := map[string]any{}
	var required []string
	for _, f := range spec.fields {
		typ := t.Field(f.index).Type
		if f.kind != nil {
			typ = f.kind.wire
		}
		p := g.valueSchema(typ, &f.c)
		if f.doc != "" {
			p["description"] = f.doc
		}
		if f.hasDef {
			p["default"] = defaultValue(typ, f.def)
		}
		props[f.key] = p
		if f.required {
			required = append(required, f.key)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	var groups []any
	for _, group := range spec.oneOf {
		alts := make([]any, len(group))
		for i, k := range group {
			alts[i] = map[string]any{"required": []string{k}}
		}
		groups = append(groups, map[string]any{"oneOf": alts})
	}
	switch len(groups) {
	case 0:
	case 1:
		s["oneOf"] = groups[0].(map[string]any)["oneOf"]
	default:
		s["allOf"] = groups
	}
	return s
}

// valueSchema is the schema of a field's value. The constraints of a list
// or mapping apply to each item, as the decoder applies them.
func (g *schemaGen) valueSchema(t reflect.Type, c *constraints) map[string]any {
	switch {
	case t == reflect.TypeFor[strOrList]():
		item := stringSchema(c)
		return map[string]any{"anyOf": []any{item, map[string]any{"type": "array", "items": stringSchema(c)}}}
	case t.Kind() == reflect.Pointer:
		return g.valueSchema(t.Elem(), c)
	case t.Kind() == reflect.Struct:
		return g.ref(t)
	case t.Kind() == reflect.Slice:
		s := map[string]any{"type": "array", "items": g.valueSchema(t.Elem(), c)}
		if c.minItems > 0 {
			s["minItems"] = c.minItems
		}
		return s
	case t.Kind() == reflect.Map:
		s := map[string]any{"type": "object", "additionalProperties": g.valueSchema(t.Elem(), c)}
		if c.keyPattern != "" {
			s["propertyNames"] = map[string]any{"pattern": c.keyPattern}
		}
		if c.minItems > 0 {
			s["minProperties"] = c.minItems
		}
		return s
	case t.Kind() == reflect.String:
		return stringSchema(c)
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() == reflect.Int || t.Kind() == reflect.Int64 || t.Kind() == reflect.Int32:
		return numberSchema("integer", c)
	case t.Kind() == reflect.Float64:
		return numberSchema("number", c)
	}
	panic(fmt.Sprintf("rules: schema: no schema for %s", t))
}

// stringSchema is the schema of a string with the constraints c.
func stringSchema(c *constraints) map[string]any {
	s := map[string]any{"type": "string"}
	if c == nil {
		return s
	}
	if len(c.enum) > 0 {
		s["enum"] = c.enum
	}
	if c.pattern != "" {
		s["pattern"] = c.pattern
	}
	if c.minLength > 0 {
		s["minLength"] = c.minLength
	}
	return s
}

// numberSchema is the schema of an integer or number with the
// constraints c.
func numberSchema(typ string, c *constraints) map[string]any {
	s := map[string]any{"type": typ}
	if len(c.enum) > 0 {
		var vals []any
		for _, e := range c.enum {
			if f, err := strconv.ParseFloat(e, 64); err == nil {
				vals = append(vals, f)
			}
		}
		s["enum"] = vals
	}
	for k, v := range map[string]*float64{"minimum": c.minimum, "maximum": c.maximum, "exclusiveMinimum": c.exclusiveMinimum} {
		if v != nil {
			s[k] = *v
		}
	}
	return s
}

// defaultValue converts a default tag to the JSON value of its field.
func defaultValue(t reflect.Type, def string) any {
	switch t.Kind() {
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, _ := strconv.ParseInt(def, 10, 64)
		return i
	case reflect.Float64:
		f, _ := strconv.ParseFloat(def, 64)
		return f
	case reflect.Bool:
		return def == "true"
	case reflect.Slice:
		return strings.Split(def, ",")
	}
	return def
}
