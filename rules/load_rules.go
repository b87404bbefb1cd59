package rules

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"go.yaml.in/yaml/v3"

	"github.com/copydesk/copydesk/internal/resyntax"
)

// Limits on the patterns of a rule file.
const (
	MaxPatternLen   = 4096   // bytes of a pattern, after variable substitution
	MaxPatternInsts = 20_000 // instructions of a compiled pattern
)

// File is a loaded rule file.
type File struct {
	Path        string // as given to ParseRuleFile, e.g. "rules/house.yml" or "builtin:wire"
	Pack        string
	Description string // markdown
	Rules       []*Rule
	// Jurisdictions, when set, limit the pack's rules to pages in one
	// of them (Rule.Jurisdictions).
	Jurisdictions []string
	// Vars are the variables the file declares, in file order.
	Vars []VarDecl
	// Missing names the declared variables that have no value: neither
	// the config nor a default sets them. A file with missing variables
	// has no rules; Load reports it or, for a pack that builtin:default
	// brings in, lists it in Set.Inactive.
	Missing []string
}

// VarDecl is a variable declared by a rule file.
type VarDecl struct {
	Name    string
	Doc     string
	Default *Var // nil: the config must set it
	Example *Var // value the examples are written for; nil: none
	Pos     Pos
}

// MissingText describes the file's missing variables for an error or a
// note, e.g. "vars.publisher (the publisher's name …; e.g. RFE/RL)".
func (f *File) MissingText() string {
	var parts []string
	for _, name := range f.Missing {
		s := "vars." + name
		for _, v := range f.Vars {
			if v.Name != name {
				continue
			}
			s += " (" + strings.TrimSuffix(v.Doc, ".")
			if v.Example != nil {
				s += "; e.g. " + name + ": " + v.Example.text()
			}
			s += ")"
		}
		parts = append(parts, s)
	}
	return andList(parts)
}

// LoadOptions are the inputs of ParseRuleFile besides the file itself.
type LoadOptions struct {
	// Vars are substituted for ${name}. The built-in variables content
	// (DefaultContent unless Vars sets it) and year (the current year)
	// are added when absent.
	Vars map[string]Var
	// ReadFile reads the file of an exact check, given its path joined
	// to the rule file's directory. Nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
	// Examples gives the variables the file declares the values its
	// examples are written for (their example, else their default),
	// whatever Vars says: copydesk test runs examples this way.
	Examples bool
}

// ParseRuleFile parses and validates the rule file data, named name in
// errors. The error, if any, is an ErrorList holding every problem in
// the file, sorted by position.
func ParseRuleFile(name string, data []byte, opts LoadOptions) (*File, error) {
	f, errs := parseRuleFile(name, data, opts)
	for _, v := range f.Vars {
		if slices.Contains(f.Missing, v.Name) {
			errs.Add(v.Pos, "vars."+v.Name, "variable %s is not set: %s (set it under vars: in %s)", v.Name, strings.TrimSuffix(v.Doc, "."), ConfigName)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseRuleFile is ParseRuleFile returning also the file as far as it
// could be read: File.Rules[i] is the i-th rule of the file, set
// even when the rule has errors.
func parseRuleFile(name string, data []byte, opts LoadOptions) (*File, ErrorList) {
	d := newDecoder(name)
	f := &File{Path: name}
	root := d.parseYAML(data)
	if root == nil {
		return f, d.errs
	}
	if root.Kind != yaml.MappingNode {
		d.errorf(d.nodePos(root), "", "expected a mapping with version, pack and rules, got %s", describe(root))
		return f, d.errs
	}
	d.pos[""] = d.nodePos(root)
	var w ruleFileWire
	d.decodeNode(root, reflect.ValueOf(&w).Elem(), "", nil)
	if d.stopped {
		return f, d.errs
	}
	f.Pack = w.Pack
	f.Description = w.Description
	f.Jurisdictions = w.Jurisdictions
	if w.Pack == PackCopydesk {
		d.errorf(d.valueAt("pack"), "pack", "pack %q is reserved for copydesk's own findings", w.Pack)
	}
	if opts.ReadFile == nil {
		opts.ReadFile = os.ReadFile
	}
	l := &ruleLoader{d: d, opts: opts, vars: builtinVars(opts.Vars, DefaultContent), file: f}
	l.declare(w.Vars)
	if len(f.Missing) > 0 {
		return f, d.errs
	}
	keyPos := splitByRule(d.pos, len(w.Rules))
	valuePos := splitByRule(d.vpos, len(w.Rules))
	firstID := map[string]int{} // id -> line
	for i := range w.Rules {
		r := l.rule(i, &w.Rules[i])
		r.KeyPos, r.ValuePos = keyPos[i], valuePos[i]
		f.Rules = append(f.Rules, r)
		path := joinIndex("rules", i) + ".id"
		if r.ID == "" || !d.has(path) {
			continue
		}
		if line, dup := firstID[r.ID]; dup {
			d.errorf(d.valueAt(path), path, "duplicate rule id %q (first at line %d)", r.ID, line)
		} else {
			firstID[r.ID] = d.pos[path].Line
		}
	}
	return f, d.errs
}

// ruleLoader is the second pass over a decoded rule file: it turns
// the wire structs into rules, with semantic checks.
type ruleLoader struct {
	d    *decoder
	opts LoadOptions
	vars map[string]Var
	file *File
}

// declare records the file's variable declarations and gives each
// declared variable its value: the example (with LoadOptions.Examples),
// the config's, or the default. Variables with none are Missing.
func (l *ruleLoader) declare(decls map[string]varDeclWire) {
	names := make([]string, 0, len(decls))
	for name := range decls {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := l.d.pos["vars."+names[i]], l.d.pos["vars."+names[j]]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	for _, name := range names {
		w := decls[name]
		key := "vars." + name
		v := VarDecl{Name: name, Doc: w.Doc, Pos: l.d.posOf(key)}
		if w.Default != nil {
			v.Default = &Var{Values: w.Default.Values, List: w.Default.List}
		}
		v.Example = v.Default
		if w.Example != nil {
			v.Example = &Var{Values: w.Example.Values, List: w.Example.List}
		}
		if name == "content" || name == "year" {
			l.d.errorf(v.Pos, key, "%s is a built-in variable and cannot be declared", name)
			continue
		}
		if l.hasError(key) {
			continue // a bad name or declaration, reported already
		}
		l.file.Vars = append(l.file.Vars, v)
		_, set := l.opts.Vars[name]
		switch {
		case l.opts.Examples && v.Example != nil:
			l.vars[name] = *v.Example
		case set:
		case v.Default != nil:
			l.vars[name] = *v.Default
		default:
			l.file.Missing = append(l.file.Missing, name)
		}
	}
}

// hasError reports whether a problem was recorded at path or inside it.
func (l *ruleLoader) hasError(path string) bool {
	for _, e := range l.d.errs {
		if e.Key == path || strings.HasPrefix(e.Key, path+".") || strings.HasPrefix(e.Key, path+"[") {
			return true
		}
	}
	return false
}

// splitByRule returns, per rule, the positions under rules[i] with
// paths relative to the rule.
func splitByRule(all map[string]Pos, n int) []map[string]Pos {
	out := make([]map[string]Pos, n)
	for i := range out {
		out[i] = map[string]Pos{}
	}
	for path, pos := range all {
		rest, ok := strings.CutPrefix(path, "rules[")
		if !ok {
			continue
		}
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			continue
		}
		i, err := strconv.Atoi(rest[:end])
		if err != nil || i >= n {
			continue
		}
		if rel, ok := strings.CutPrefix(rest[end+1:], "."); ok {
			out[i][rel] = pos
		}
	}
	return out
}

// errorf reports a problem with the value at path, at the value.
func (l *ruleLoader) errorf(path, format string, args ...any) {
	l.d.errorf(l.d.valueAt(path), path, format, args...)
}

// keyErrorf reports a problem with the key at path (its presence), at
// the key.
func (l *ruleLoader) keyErrorf(path, format string, args ...any) {
	l.d.errorf(l.d.posOf(path), path, format, args...)
}

// sub substitutes variables in the value at path.
func (l *ruleLoader) sub(path, s string, ctx varContext) string {
	out, _ := l.subKeep(path, s, ctx, nil)
	return out
}

// subKeep is sub leaving the references keep reports true for; it
// reports whether every variable was defined.
func (l *ruleLoader) subKeep(path, s string, ctx varContext, keep func(string) bool) (string, bool) {
	out, undefined := expandVars(s, l.vars, ctx, keep)
	for _, name := range undefined {
		l.errorf(path, "undefined variable ${%s} (set it under vars: in %s)", name, ConfigName)
	}
	return out, len(undefined) == 0
}

// pattern substitutes variables in the pattern at path and compiles it;
// it returns nil when the key is absent or the pattern is invalid.
func (l *ruleLoader) pattern(path, src string) *regexp.Regexp {
	if !l.d.has(path) || l.d.bad[path] {
		return nil
	}
	src = l.sub(path, src, ctxPattern)
	re, err := CompilePattern(src)
	if err != nil {
		l.errorf(path, "%s", err)
		return nil
	}
	return re
}

// CompilePattern compiles an RE2 pattern of a rule, enforcing
// MaxPatternLen and MaxPatternInsts. Its errors read like
// "missing closing )", without Go's "error parsing regexp" prefix.
func CompilePattern(src string) (*regexp.Regexp, error) {
	if len(src) > MaxPatternLen {
		return nil, fmt.Errorf("pattern too long (%d bytes, the limit is %d)", len(src), MaxPatternLen)
	}
	re, err := regexp.Compile(src)
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) {
			if se.Expr == "" || se.Expr == src {
				return nil, errors.New(se.Code.String())
			}
			return nil, fmt.Errorf("%s: `%s`", se.Code, se.Expr)
		}
		return nil, errors.New(strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	if srcInstBound(src) <= MaxPatternInsts {
		// Too few instructions to count: start-up need not parse the
		// pattern a second time to count them.
		return re, nil
	}
	sre, err := resyntax.Parse(src)
	if err != nil {
		return nil, err
	}
	prog, err := syntax.Compile(sre.Simplify())
	if err != nil {
		return nil, err
	}
	if len(prog.Inst) > MaxPatternInsts {
		return nil, fmt.Errorf("pattern too complex (%d instructions, the limit is %d)", len(prog.Inst), MaxPatternInsts)
	}
	return re, nil
}

// rule converts the i-th rule.
func (l *ruleLoader) rule(i int, w *ruleWire) *Rule {
	p := joinIndex("rules", i)
	key := func(k string) string { return joinKey(p, k) }
	r := &Rule{
		Index: i,
		ID:    w.ID,
		Pack:  l.file.Pack,
		Title: w.Title,
		Help:  w.Help,
		URL:   w.URL,
		Pos:   l.d.posOf(p),

		Jurisdictions: l.file.Jurisdictions,
	}
	if l.d.has(key("id")) && !l.d.bad[key("id")] && l.file.Pack != "" && !l.d.bad["pack"] {
		if prefix, name, _ := strings.Cut(w.ID, "/"); prefix != l.file.Pack {
			l.errorf(key("id"), "id %q is not in pack %q (write %q)", w.ID, l.file.Pack, l.file.Pack+"/"+name)
		}
	}
	r.Severity = SevWarning
	if s, ok := ParseSeverity(w.Severity); ok && s != SevOff {
		r.Severity = s
	}
	r.OptIn = l.d.has(key("enabled")) && !w.Enabled
	if l.d.has(key("message")) {
		r.Message = l.sub(key("message"), w.Message, ctxTemplate)
		r.Msg = l.message(key("message"), r.Message)
	}
	if l.d.has(key("url")) {
		if u, err := url.Parse(w.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			l.errorf(key("url"), "invalid url %q (must be an absolute http or https URL)", w.URL)
		}
	}
	r.Scope = l.sub(key("scope"), w.Scope, ctxText)
	r.Each = l.sub(key("each"), w.Each, ctxText)
	r.Exclude = l.sub(key("exclude"), w.Exclude, ctxText)
	if w.When != nil {
		r.When = l.cond(w.When, key("when"), p)
	}
	fixable := false
	for _, k := range checkKinds {
		for _, g := range w.Check {
			if g.kind != k {
				continue
			}
			c := k.load(l, g.wire, key(k.key))
			if r.Check == nil {
				r.Check = c
			}
			fixable = fixable || k.fix
		}
	}
	if w.Fix != nil {
		if !fixable {
			l.keyErrorf(key("fix"), "fix is only allowed with %s", fixKinds())
		}
		r.Fix = &Fix{Insert: l.sub(key("fix.insert"), w.Fix.Insert, ctxHTML), At: w.Fix.At}
	}
	if w.Examples != nil {
		for j, s := range w.Examples.Valid {
			r.Examples.Valid = append(r.Examples.Valid, l.sub(joinIndex(key("examples.valid"), j), s, ctxHTML))
		}
		for j, s := range w.Examples.Invalid {
			r.Examples.Invalid = append(r.Examples.Invalid, l.sub(joinIndex(key("examples.invalid"), j), s, ctxHTML))
		}
	}
	return r
}

// message parses and checks a message template.
func (l *ruleLoader) message(path, src string) *template.Template {
	t, err := template.New("message").Option("missingkey=error").Parse(src)
	if err != nil {
		l.errorf(path, "invalid template: %s", cleanTemplateError(err))
		return nil
	}
	bad := false
	for _, tt := range t.Templates() {
		if tt.Tree == nil {
			continue
		}
		walkTemplate(tt.Root, true, func(n parse.Node, top bool) {
			switch n := n.(type) {
			case *parse.RangeNode:
				l.errorf(path, "invalid template: range is not allowed in messages")
				bad = true
			case *parse.FieldNode:
				if top && !slices.Contains([]string{"Match", "Expected", "Replacement"}, n.Ident[0]) {
					l.errorf(path, "unknown field {{.%s}} in template (use {{.Match}}, {{.Expected}} or {{.Replacement}})", n.Ident[0])
					bad = true
				}
			}
		})
	}
	if bad {
		return nil
	}
	for _, data := range []MessageData{{}, {Match: "match", Expected: "expected", Replacement: "replacement"}} {
		if err := t.Execute(new(bytes.Buffer), data); err != nil {
			l.errorf(path, "invalid template: %s", cleanTemplateError(err))
			return nil
		}
	}
	return t
}

// walkTemplate calls fn for every node under n. top says whether dot
// is still the template's data (not inside with or range).
func walkTemplate(n parse.Node, top bool, fn func(parse.Node, bool)) {
	if n == nil || reflect.ValueOf(n).IsNil() {
		return
	}
	fn(n, top)
	switch n := n.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			walkTemplate(c, top, fn)
		}
	case *parse.ActionNode:
		walkTemplate(n.Pipe, top, fn)
	case *parse.PipeNode:
		for _, c := range n.Cmds {
			walkTemplate(c, top, fn)
		}
	case *parse.CommandNode:
		for _, c := range n.Args {
			walkTemplate(c, top, fn)
		}
	case *parse.ChainNode:
		walkTemplate(n.Node, top, fn)
	case *parse.IfNode:
		walkTemplate(n.Pipe, top, fn)
		walkTemplate(n.List, top, fn)
		walkTemplate(n.ElseList, top, fn)
	case *parse.WithNode:
		walkTemplate(n.Pipe, top, fn)
		walkTemplate(n.List, false, fn)
		walkTemplate(n.ElseList, top, fn)
	case *parse.RangeNode:
		walkTemplate(n.Pipe, top, fn)
		walkTemplate(n.List, false, fn)
		walkTemplate(n.ElseList, top, fn)
	case *parse.TemplateNode:
		walkTemplate(n.Pipe, top, fn)
	}
}

// cleanTemplateError drops text/template's "template: NAME:LINE:COL:"
// and "executing ... at <...>:" prefixes.
func cleanTemplateError(err error) string {
	msg := strings.TrimPrefix(err.Error(), "template: ")
	if rest, ok := strings.CutPrefix(msg, "message:"); ok {
		for rest != "" && (rest[0] >= '0' && rest[0] <= '9' || rest[0] == ':') {
			rest = rest[1:]
		}
		msg = strings.TrimSpace(rest)
	}
	if strings.HasPrefix(msg, "executing ") {
		if i := strings.Index(msg, ">: "); i >= 0 {
			msg = msg[i+3:]
		}
	}
	return msg
}

// cond converts a when condition at path; rulePath is the rule's path,
// which Cond.Key is relative to.
func (l *ruleLoader) cond(w *condWire, path, rulePath string) *Cond {
	key := func(k string) string { return joinKey(path, k) }
	c := &Cond{Key: strings.TrimPrefix(path, rulePath+".")}
	if l.d.bad[path] {
		return c
	}
	empty := true
	for _, k := range l.d.spec(reflect.TypeFor[condWire]()).keys() {
		if l.d.has(key(k)) {
			empty = false
		}
	}
	if empty {
		l.errorf(path, "empty condition (give at least one of jurisdiction, lang, meta, has, contains, path, before, count, all, any, not)")
		return c
	}
	c.Jurisdiction = w.Jurisdiction.Values
	c.Lang = w.Lang
	c.Has = l.sub(key("has"), w.Has, ctxText)
	c.Contains = l.pattern(key("contains"), w.Contains)
	if l.d.has(key("path")) && w.Path != "" {
		if _, err := CompileGlob(w.Path); err != nil {
			l.errorf(key("path"), "%v", err)
		}
		c.Path = w.Path
	}
	if b := w.Before; b != nil && !l.d.bad[key("before")] {
		c.Before = &Before{
			Selector: l.sub(key("before.selector"), b.Selector, ctxText),
			Pattern:  l.pattern(key("before.pattern"), b.Pattern),
		}
	}
	if n := w.Count; n != nil && !l.d.bad[key("count")] {
		c.Count = &Count{Selector: l.sub(key("count.selector"), n.Selector, ctxText), Min: n.Min}
	}
	names := make([]string, 0, len(w.Meta))
	for name := range w.Meta {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := l.d.pos[key("meta."+names[i])], l.d.pos[key("meta."+names[j])]
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
	for _, name := range names {
		c.Meta = append(c.Meta, MetaCond{Name: name, Pattern: l.pattern(key("meta."+name), w.Meta[name])})
	}
	for i := range w.All {
		c.All = append(c.All, l.cond(&w.All[i], joinIndex(key("all"), i), rulePath))
	}
	for i := range w.Any {
		c.Any = append(c.Any, l.cond(&w.Any[i], joinIndex(key("any"), i), rulePath))
	}
	if w.Not != nil {
		c.Not = l.cond(w.Not, key("not"), rulePath)
	}
	return c
}
