package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The file formats are described once, as the "wire" structs of
// wire.go. Their struct tags carry everything the generic decoder below
// checks, and everything a JSON Schema generator needs:
//
//	yaml:"key"               the key in the file
//	doc:"..."                a one-line description
//	required:"true"          the key must be present
//	default:"v"              the value when the key is absent (a list: "a,b")
//	enum:"a,b,c"             the allowed values (of each item, for lists and maps)
//	pattern:"re"             the value (each item) must match this RE2 pattern
//	minLength:"n"            the string (each item) has at least n characters
//	minimum:"n"              a number (each item) is at least n
//	maximum:"n"              a number (each item) is at most n
//	exclusiveMinimum:"n"     a number (each item) is greater than n
//	minItems:"n"             a list or mapping has at least n entries
//	keyPattern:"re"          every key of a mapping matches this RE2 pattern
//
// A blank field `_ struct{} oneOf:"a,b,c"` says that exactly one of the
// keys a, b and c must be present in the mapping. A field of type
// checkSet stands for one key per check kind (kind.go), each with the
// kind's own wire struct, in a oneOf group of their own; the decoder
// records in the field those a mapping gives.

// maxNodes bounds the number of nodes one decode visits, counting
// every expansion of an alias, so that alias bombs fail fast.
const maxNodes = 200_000

// nodeDecoder is implemented by wire types that decode themselves,
// such as strOrList. The node is never an alias.
type nodeDecoder interface {
	decodeYAML(d *decoder, n *yaml.Node, path string, c *constraints)
}

// constraints are the value checks of a field, from its struct tags.
type constraints struct {
	enum             []string
	pattern          string
	minLength        int
	minItems         int
	minimum          *float64
	maximum          *float64
	exclusiveMinimum *float64
	keyPattern       string
}

// fieldSpec describes one key of a wire struct.
type fieldSpec struct {
	key      string
	index    int
	doc      string
	required bool
	def      string
	hasDef   bool
	c        constraints
	// kind is set on the keys of a checkSet field (index): their
	// values decode into kind.wire.
	kind *checkKind
}

// structSpec describes a wire struct: its keys and oneOf groups.
type structSpec struct {
	fields []fieldSpec
	byKey  map[string]int
	oneOf  [][]string
}

// decoder walks a yaml.Node tree into wire structs, collecting every
// problem and the position of every key it sees.
type decoder struct {
	file    string
	errs    ErrorList
	pos     map[string]Pos  // key path -> position of the key (or list item)
	vpos    map[string]Pos  // key path -> position of the value, unless empty
	bad     map[string]bool // key paths whose value had an error
	nodes   int
	stopped bool
	active  map[*yaml.Node]bool // aliases being expanded
}

func newDecoder(file string) *decoder {
	return &decoder{
		file:   file,
		pos:    map[string]Pos{},
		vpos:   map[string]Pos{},
		bad:    map[string]bool{},
		active: map[*yaml.Node]bool{},
	}
}

// errorf records a problem at pos.
func (d *decoder) errorf(pos Pos, key, format string, args ...any) {
	d.errs.Add(pos, key, format, args...)
}

// valueErrorf records a problem with the value at path, and marks the
// value bad so that later checks of it are skipped.
func (d *decoder) valueErrorf(pos Pos, path, format string, args ...any) {
	d.bad[path] = true
	d.errs.Add(pos, path, format, args...)
}

// nodePos is the position of a node in the file.
func (d *decoder) nodePos(n *yaml.Node) Pos {
	return Pos{File: d.file, Line: max(n.Line, 1), Col: max(n.Column, 1)}
}

// valueAt is the position to report a problem with the value at path:
// that of the value itself (where an alias names it, for an alias), or
// of its key when the value is empty.
func (d *decoder) valueAt(path string) Pos {
	if p, ok := d.vpos[path]; ok {
		return p
	}
	return d.posOf(path)
}

// posOf returns the position recorded for path, falling back to the
// closest enclosing key and then to the start of the file.
func (d *decoder) posOf(path string) Pos {
	for {
		if p, ok := d.pos[path]; ok {
			return p
		}
		if path == "" {
			return Pos{File: d.file, Line: 1, Col: 1}
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			path = ""
		} else {
			path = path[:i]
		}
	}
}

// has reports whether a key was seen at path.
func (d *decoder) has(path string) bool {
	_, ok := d.pos[path]
	return ok
}

// joinKey appends a mapping key to a path.
func joinKey(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// joinIndex appends a list index to a path.
func joinIndex(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]"
}

// parseYAML parses data as one YAML document. It returns the root node
// (never an alias) or nil after recording why there is none.
func (d *decoder) parseYAML(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errorf(Pos{File: d.file, Line: 1, Col: 1}, "", "empty file")
		} else {
			d.yamlError(data, err)
		}
		return nil
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
	case err != nil:
		d.yamlError(data, err)
		return nil
	default:
		d.errorf(Pos{File: d.file, Line: max(next.Line, 1), Col: 1}, "", "more than one yaml document in the file")
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.ShortTag() == "!!null" {
		d.errorf(Pos{File: d.file, Line: 1, Col: 1}, "", "empty file")
		return nil
	}
	if root.Kind == yaml.AliasNode {
		d.errorf(d.nodePos(root), "", "expected a mapping, got an alias")
		return nil
	}
	return root
}

// yamlLineRE matches the position prefix of the YAML parser's errors.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlError records a YAML syntax error, with the line the parser gives
// (line 1 when it gives none).
func (d *decoder) yamlError(data []byte, err error) {
	msg := err.Error()
	pos := Pos{File: d.file, Line: 1}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		pos.Line = max(pos.Line, 1)
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	for _, c := range []struct{ open, close byte }{{'[', ']'}, {'{', '}'}} {
		if strings.Contains(msg, fmt.Sprintf("did not find expected ',' or '%c'", c.close)) {
			// The parser names the line of the opening bracket counted
			// from 0, or none: report the bracket itself.
			if l, col, ok := unclosedFlow(data, pos.Line+1, c.open, c.close); ok {
				pos.Line, pos.Col = l, col
				msg = fmt.Sprintf("this %c is not closed: %s", c.open, msg)
			}
		}
	}
	if strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") {
		// The parser's line may be the line before the tab.
		lines := bytes.Split(data, []byte("\n"))
		for l := pos.Line; l <= pos.Line+1 && l <= len(lines); l++ {
			line := lines[l-1]
			indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
			if i := bytes.IndexByte(indent, '\t'); i >= 0 {
				pos.Line, pos.Col = l, i+1
				msg = "tab character in indentation (indent with spaces)"
				break
			}
		}
	}
	d.errorf(pos, "", "%s", msg)
}

// unclosedFlow finds the last opening bracket of a flow collection that
// its line does not close, on line from (1-based) or the lines before it,
// and returns its line and column (in runes). Quoted strings and comments
// are skipped.
func unclosedFlow(data []byte, from int, open, close byte) (line, col int, ok bool) {
	lines := bytes.Split(data, []byte("\n"))
	for l := min(from, len(lines)); l >= 1; l-- {
		var stack []int
		text := lines[l-1]
		var quote byte
	scan:
		for i := 0; i < len(text); i++ {
			b := text[i]
			switch {
			case quote != 0:
				if b == quote {
					quote = 0
				}
			case b == '\'' || b == '"':
				quote = b
			case b == '#' && (i == 0 || text[i-1] == ' '):
				break scan
			case b == open:
				stack = append(stack, i)
			case b == close && len(stack) > 0:
				stack = stack[:len(stack)-1]
			}
		}
		if len(stack) > 0 {
			i := stack[len(stack)-1]
			return l, utf8.RuneCount(text[:i]) + 1, true
		}
	}
	return 0, 0, false
}

// deref follows an alias. It returns the aliased node and a function
// to call when done with it, or nil after recording a cycle.
func (d *decoder) deref(n *yaml.Node, path string) (*yaml.Node, func()) {
	if n.Kind != yaml.AliasNode {
		return n, func() {}
	}
	if d.active[n] || n.Alias == nil {
		d.valueErrorf(d.valueAt(path), path, "alias *%s refers to itself", n.Value)
		return nil, nil
	}
	d.active[n] = true
	target, done := d.deref(n.Alias, path)
	if target == nil {
		delete(d.active, n)
		return nil, nil
	}
	return target, func() { done(); delete(d.active, n) }
}

// count charges one node against the budget; it reports false once the
// budget is spent.
func (d *decoder) count() bool {
	if d.stopped {
		return false
	}
	d.nodes++
	if d.nodes > maxNodes {
		d.stopped = true
		d.errorf(Pos{File: d.file, Line: 1, Col: 1}, "", "document too large (more than %d nodes after expanding aliases)", maxNodes)
		return false
	}
	return true
}

// decodeNode decodes n into v (which must be settable), recording key
// positions under path and reporting problems with their positions.
func (d *decoder) decodeNode(n *yaml.Node, v reflect.Value, path string, c *constraints) {
	if !d.count() {
		return
	}
	empty := n.Kind == yaml.ScalarNode && n.Value == "" && n.Style == 0
	if _, ok := d.vpos[path]; !ok && !empty {
		d.vpos[path] = d.nodePos(n)
	}
	n, done := d.deref(n, path)
	if n == nil {
		return
	}
	defer done()
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
			nd.decodeYAML(d, n, path, c)
			return
		}
	}
	null := n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type().Elem().Kind() != reflect.Struct && null {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decodeNode(n, p.Elem(), path, c)
		v.Set(p)
	case reflect.Struct:
		if null {
			d.decodeStruct(&yaml.Node{Kind: yaml.MappingNode, Line: n.Line, Column: n.Column}, v, path)
			return
		}
		if n.Kind != yaml.MappingNode {
			d.typeError(n, path, "a mapping")
			return
		}
		d.decodeStruct(n, v, path)
	case reflect.Slice:
		if null {
			d.checkItems(n, path, 0, c)
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.typeError(n, path, "a list")
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			p := joinIndex(path, i)
			d.pos[p] = d.nodePos(item)
			d.decodeNode(item, s.Index(i), p, c)
		}
		v.Set(s)
		d.checkItems(n, path, len(n.Content), c)
	case reflect.Map:
		if null {
			d.checkItems(n, path, 0, c)
			return
		}
		if n.Kind != yaml.MappingNode {
			d.typeError(n, path, "a mapping")
			return
		}
		m := reflect.MakeMap(v.Type())
		pairs := d.pairs(n, path)
		for _, kv := range pairs {
			p := joinKey(path, kv.name)
			d.pos[p] = d.nodePos(kv.key)
			if c != nil && c.keyPattern != "" && !d.regexp(c.keyPattern).MatchString(kv.name) {
				d.errorf(d.nodePos(kv.key), p, "invalid name %q (must match %s)", kv.name, c.keyPattern)
			}
			e := reflect.New(v.Type().Elem()).Elem()
			d.decodeNode(kv.val, e, p, c)
			m.SetMapIndex(reflect.ValueOf(kv.name).Convert(v.Type().Key()), e)
		}
		v.Set(m)
		d.checkItems(n, path, len(pairs), c)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || null {
			d.typeError(n, path, "a string")
			return
		}
		v.SetString(n.Value)
		d.checkString(n, path, n.Value, c)
	case reflect.Int, reflect.Int64, reflect.Int32:
		var i int64
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!int" {
			d.typeError(n, path, "an integer")
			return
		}
		if err := n.Decode(&i); err != nil || v.OverflowInt(i) {
			d.valueErrorf(d.valueAt(path), path, "integer %s out of range", n.Value)
			return
		}
		v.SetInt(i)
		d.checkNumber(n, path, float64(i), c)
	case reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || (n.ShortTag() != "!!int" && n.ShortTag() != "!!float") {
			d.typeError(n, path, "a number")
			return
		}
		if err := n.Decode(&f); err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			d.valueErrorf(d.valueAt(path), path, "expected a finite number, got %s", n.Value)
			return
		}
		v.SetFloat(f)
		d.checkNumber(n, path, f, c)
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&b) != nil {
			d.typeError(n, path, "a boolean (true or false)")
			return
		}
		v.SetBool(b)
	default:
		panic(fmt.Sprintf("rules: cannot decode into %s", v.Type()))
	}
}

// decodeStruct decodes a mapping into a wire struct.
func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	spec := d.spec(v.Type())
	seen := make(map[string]bool, len(n.Content)/2)
	for _, kv := range d.pairs(n, path) {
		p := joinKey(path, kv.name)
		i, ok := spec.byKey[kv.name]
		if !ok {
			msg := fmt.Sprintf("unknown key %q", kv.name)
			if s := suggest(kv.name, spec.keys()); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorf(d.nodePos(kv.key), path, "%s", msg)
			continue
		}
		seen[kv.name] = true
		d.pos[p] = d.nodePos(kv.key)
		f := &spec.fields[i]
		if f.kind != nil {
			d.decodeCheck(kv.val, v.Field(f.index).Addr().Interface().(*checkSet), f, p)
			continue
		}
		d.decodeNode(kv.val, v.Field(f.index), p, &f.c)
	}
	if d.stopped {
		return
	}
	for i := range spec.fields {
		f := &spec.fields[i]
		switch {
		case seen[f.key]:
		case f.required:
			d.errorf(d.nodePos(n), path, "missing required key %q", f.key)
		case f.hasDef:
			setDefault(v.Field(f.index), f.def)
		}
	}
	for _, group := range spec.oneOf {
		var given []string
		for _, k := range group {
			if seen[k] {
				given = append(given, k)
			}
		}
		sort.SliceStable(given, func(i, j int) bool {
			a, b := d.pos[joinKey(path, given[i])], d.pos[joinKey(path, given[j])]
			return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
		})
		switch len(given) {
		case 0:
			d.errorf(d.nodePos(n), path, "missing one of %s", strings.Join(group, ", "))
		case 1:
		default:
			d.errorf(d.pos[joinKey(path, given[1])], path, "%s are mutually exclusive; give only one of %s",
				andList(given), strings.Join(group, ", "))
		}
	}
}

// decodeCheck decodes the value of the check key of f into a new value
// of its kind's wire struct, recorded in set.
func (d *decoder) decodeCheck(n *yaml.Node, set *checkSet, f *fieldSpec, path string) {
	w := reflect.New(reflect.PointerTo(f.kind.wire)).Elem()
	d.decodeNode(n, w, path, &f.c)
	if !w.IsNil() {
		*set = append(*set, givenCheck{kind: f.kind, wire: w.Interface()})
	}
}

// keyValue is one entry of a mapping.
type keyValue struct {
	name     string
	key, val *yaml.Node
}

// pairs returns the entries of a mapping node, explicit keys first and
// then those merged in with "<<", reporting duplicate and non-string keys.
func (d *decoder) pairs(n *yaml.Node, path string) []keyValue {
	var out, merged []keyValue
	first := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, done := d.deref(n.Content[i], path)
		if k == nil {
			continue
		}
		done()
		val := n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merged = append(merged, d.merge(val, path)...)
			continue
		}
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			d.errorf(d.nodePos(k), path, "expected a string key, got %s", describe(k))
			continue
		}
		if f, dup := first[k.Value]; dup {
			d.errorf(d.nodePos(k), path, "duplicate key %q (first at line %d)", k.Value, f.Line)
			continue
		}
		first[k.Value] = k
		out = append(out, keyValue{name: k.Value, key: k, val: val})
	}
	for _, kv := range merged {
		if _, ok := first[kv.name]; !ok {
			first[kv.name] = kv.key
			out = append(out, kv)
		}
	}
	return out
}

// merge returns the entries a "<<" merge key brings in: those of a
// mapping, or of a list of mappings (earlier ones win).
func (d *decoder) merge(val *yaml.Node, path string) []keyValue {
	if !d.count() {
		return nil
	}
	val, done := d.deref(val, path)
	if val == nil {
		return nil
	}
	defer done()
	switch val.Kind {
	case yaml.MappingNode:
		return d.pairs(val, path)
	case yaml.SequenceNode:
		var out []keyValue
		seen := map[string]bool{}
		for _, item := range val.Content {
			m, done := d.deref(item, path)
			if m == nil {
				continue
			}
			if m.Kind != yaml.MappingNode {
				d.errorf(d.nodePos(item), path, "expected a mapping to merge, got %s", describe(m))
				done()
				continue
			}
			for _, kv := range d.pairs(m, path) {
				if !seen[kv.name] {
					seen[kv.name] = true
					out = append(out, kv)
				}
			}
			done()
		}
		return out
	}
	d.errorf(d.nodePos(val), path, "expected a mapping to merge, got %s", describe(val))
	return nil
}

// typeError reports a value of the wrong kind.
func (d *decoder) typeError(n *yaml.Node, path, want string) {
	d.valueErrorf(d.valueAt(path), path, "expected %s, got %s", want, describe(n))
}

// checkString applies the string constraints of c to s.
func (d *decoder) checkString(n *yaml.Node, path, s string, c *constraints) {
	if c == nil {
		return
	}
	pos := d.valueAt(path)
	if utf8.RuneCountInString(s) < c.minLength {
		if c.minLength == 1 {
			d.valueErrorf(pos, path, "must not be empty")
		} else {
			d.valueErrorf(pos, path, "must be at least %d characters long", c.minLength)
		}
		return
	}
	if len(c.enum) > 0 && !slices.Contains(c.enum, s) {
		msg := fmt.Sprintf("invalid value %q (must be %s", s, orList(c.enum))
		if sg := suggest(s, c.enum); sg != "" {
			msg += fmt.Sprintf("; did you mean %q?", sg)
		}
		d.valueErrorf(pos, path, "%s)", msg)
		return
	}
	if c.pattern != "" && !d.regexp(c.pattern).MatchString(s) {
		d.valueErrorf(pos, path, "invalid value %q (must match %s)", s, c.pattern)
	}
}

// checkNumber applies the numeric constraints of c to f.
func (d *decoder) checkNumber(n *yaml.Node, path string, f float64, c *constraints) {
	if c == nil {
		return
	}
	pos := d.valueAt(path)
	switch {
	case len(c.enum) > 0 && !slices.Contains(c.enum, strconv.FormatFloat(f, 'g', -1, 64)):
		d.valueErrorf(pos, path, "invalid value %s (must be %s)", n.Value, orList(c.enum))
	case c.minimum != nil && f < *c.minimum:
		d.valueErrorf(pos, path, "must be at least %g, got %s", *c.minimum, n.Value)
	case c.exclusiveMinimum != nil && f <= *c.exclusiveMinimum:
		d.valueErrorf(pos, path, "must be greater than %g, got %s", *c.exclusiveMinimum, n.Value)
	case c.maximum != nil && f > *c.maximum:
		d.valueErrorf(pos, path, "must be at most %g, got %s", *c.maximum, n.Value)
	}
}

// checkItems applies minItems to a list or mapping of count entries.
func (d *decoder) checkItems(n *yaml.Node, path string, count int, c *constraints) {
	if c != nil && count < c.minItems {
		if c.minItems == 1 {
			d.valueErrorf(d.valueAt(path), path, "must not be empty")
		} else {
			d.valueErrorf(d.valueAt(path), path, "must have at least %d entries", c.minItems)
		}
	}
}

// Struct specs and tag patterns are read once per process: every rule
// file and config is decoded with the same wire structs.
var (
	specCache   sync.Map // reflect.Type -> *structSpec
	tagPatterns sync.Map // string -> *regexp.Regexp
)

// regexp compiles a pattern from a struct tag, once.
func (d *decoder) regexp(pattern string) *regexp.Regexp {
	if re, ok := tagPatterns.Load(pattern); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := tagPatterns.LoadOrStore(pattern, regexp.MustCompile(pattern))
	return re.(*regexp.Regexp)
}

// spec returns the description of a wire struct, from its tags.
func (d *decoder) spec(t reflect.Type) *structSpec {
	if s, ok := specCache.Load(t); ok {
		return s.(*structSpec)
	}
	s, err := specOf(t)
	if err != nil {
		panic(err) // a bad struct tag is a bug; TestWireTags catches it
	}
	v, _ := specCache.LoadOrStore(t, s)
	return v.(*structSpec)
}

// specOf reads the struct tags of a wire struct.
func specOf(t reflect.Type) (*structSpec, error) {
	s := &structSpec{byKey: map[string]int{}}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Name == "_" {
			if g := sf.Tag.Get("oneOf"); g != "" {
				s.oneOf = append(s.oneOf, strings.Split(g, ","))
			}
			continue
		}
		if sf.Type == reflect.TypeFor[checkSet]() {
			var group []string
			for _, k := range checkKinds {
				s.byKey[k.key] = len(s.fields)
				s.fields = append(s.fields, fieldSpec{key: k.key, index: i, doc: k.doc, kind: k})
				group = append(group, k.key)
			}
			s.oneOf = append(s.oneOf, group)
			continue
		}
		key := sf.Tag.Get("yaml")
		if key == "" || key == "-" {
			continue
		}
		f := fieldSpec{key: key, index: i, doc: sf.Tag.Get("doc")}
		f.required = sf.Tag.Get("required") == "true"
		f.def, f.hasDef = sf.Tag.Lookup("default")
		c, err := constraintsOf(sf.Tag)
		if err != nil {
			return nil, fmt.Errorf("rules: %s.%s: %v", t.Name(), sf.Name, err)
		}
		f.c = c
		s.byKey[key] = len(s.fields)
		s.fields = append(s.fields, f)
	}
	for _, g := range s.oneOf {
		for _, k := range g {
			if _, ok := s.byKey[k]; !ok {
				return nil, fmt.Errorf("rules: %s: oneOf names unknown key %q", t.Name(), k)
			}
		}
	}
	return s, nil
}

// constraintsOf parses the constraint tags of a field.
func constraintsOf(tag reflect.StructTag) (constraints, error) {
	var c constraints
	if e := tag.Get("enum"); e != "" {
		c.enum = strings.Split(e, ",")
	}
	for _, p := range []string{tag.Get("pattern"), tag.Get("keyPattern")} {
		if p != "" {
			if _, err := regexp.Compile(p); err != nil {
				return c, err
			}
		}
	}
	c.pattern = tag.Get("pattern")
	c.keyPattern = tag.Get("keyPattern")
	for name, dst := range map[string]*int{"minLength": &c.minLength, "minItems": &c.minItems} {
		if s := tag.Get(name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				return c, fmt.Errorf("%s: %v", name, err)
			}
			*dst = n
		}
	}
	for name, dst := range map[string]**float64{"minimum": &c.minimum, "maximum": &c.maximum, "exclusiveMinimum": &c.exclusiveMinimum} {
		if s := tag.Get(name); s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return c, fmt.Errorf("%s: %v", name, err)
			}
			*dst = &f
		}
	}
	return c, nil
}

// keys returns the keys of a wire struct in declaration order.
func (s *structSpec) keys() []string {
	keys := make([]string, len(s.fields))
	for i, f := range s.fields {
		keys[i] = f.key
	}
	return keys
}

// setDefault sets a field to the value of its default tag.
func setDefault(v reflect.Value, def string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(def)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, _ := strconv.ParseInt(def, 10, 64)
		v.SetInt(i)
	case reflect.Float64:
		f, _ := strconv.ParseFloat(def, 64)
		v.SetFloat(f)
	case reflect.Bool:
		v.SetBool(def == "true")
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			v.Set(reflect.ValueOf(strings.Split(def, ",")).Convert(v.Type()))
		}
	}
}

// describe names the kind of a node for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.DocumentNode:
		return "a document"
	}
	switch n.ShortTag() {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	case "!!timestamp":
		return "a timestamp"
	}
	return "a scalar tagged " + n.ShortTag()
}

// suggest returns the candidate closest to s within edit distance 2,
// or "" when none is close enough.
func suggest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		dist := editDistance(strings.ToLower(s), c)
		if dist < bestDist && dist < utf8.RuneCountInString(c) && dist < utf8.RuneCountInString(s) {
			best, bestDist = c, dist
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// orList formats "a, b or c".
func orList(items []string) string {
	return joinLast(items, " or ")
}

// andList formats "a, b and c".
func andList(items []string) string {
	return joinLast(items, " and ")
}

func joinLast(items []string, last string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + last + items[len(items)-1]
}
