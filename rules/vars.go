package rules

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// varContext says how a variable's value is written into a string.
type varContext int

const (
	ctxText     varContext = iota // plain text or a selector: a list is joined with ", "
	ctxPattern                    // RE2: literals quoted, a list as an alternation
	ctxHTML                       // HTML: text with &, <, >, " and ' escaped
	ctxTemplate                   // text/template source: "{{" kept literal
	ctxReplace                    // regexp.Expand template: "$" doubled
)

// neverMatch is an RE2 pattern that matches nothing: an empty list.
const neverMatch = `[^\x00-\x{10FFFF}]`

// htmlEscaper escapes text for HTML element content and attribute values.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

// builtinVars returns vars plus the built-in variables: content (the
// given selector, unless vars sets it) and year (the current year).
func builtinVars(vars map[string]Var, content string) map[string]Var {
	out := make(map[string]Var, len(vars)+2)
	for k, v := range vars {
		out[k] = v
	}
	if _, ok := out["content"]; !ok {
		out["content"] = Var{Values: []string{content}}
	}
	if _, ok := out["year"]; !ok {
		out["year"] = Var{Values: []string{strconv.Itoa(time.Now().Year())}}
	}
	return out
}

// text returns the value as plain text: a list is joined with ", ".
func (v Var) text() string {
	return strings.Join(v.Values, ", ")
}

// pattern returns the value as an RE2 pattern matching it literally,
// a list as an alternation of its items.
func (v Var) pattern() string {
	if !v.List {
		return regexp.QuoteMeta(v.text())
	}
	if len(v.Values) == 0 {
		return neverMatch
	}
	quoted := make([]string, len(v.Values))
	for i, s := range v.Values {
		quoted[i] = regexp.QuoteMeta(s)
	}
	return "(?:" + strings.Join(quoted, "|") + ")"
}

// in returns the value written for a context.
func (v Var) in(ctx varContext) string {
	switch ctx {
	case ctxPattern:
		return v.pattern()
	case ctxHTML:
		return htmlEscaper.Replace(v.text())
	case ctxTemplate:
		if s := v.text(); strings.Contains(s, "{{") {
			return "{{" + strconv.Quote(s) + "}}"
		}
	case ctxReplace:
		return strings.ReplaceAll(v.text(), "$", "$$")
	}
	return v.text()
}

// expandVars replaces each ${name} in s by the value of variable name,
// written for ctx. References for which keep reports true are left as
// they are (keep may be nil). It returns the names of undefined
// variables, each once, in order of appearance. A "$" not starting
// a well-formed ${name} reference is left alone.
func expandVars(s string, vars map[string]Var, ctx varContext, keep func(string) bool) (string, []string) {
	if !strings.Contains(s, "${") {
		return s, nil
	}
	var b strings.Builder
	var undefined []string
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			break
		}
		name, ok := varName(s[i+2:])
		if !ok || (keep != nil && keep(name)) {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+2+len(name)+1:]
		v, defined := vars[name]
		if !defined {
			if !slices.Contains(undefined, name) {
				undefined = append(undefined, name)
			}
			b.WriteString("${" + name + "}")
			continue
		}
		b.WriteString(v.in(ctx))
	}
	return b.String(), undefined
}

// varName reads a variable name followed by "}" from the start of s.
func varName(s string) (string, bool) {
	i := 0
	for i < len(s) && (s[i] == '_' || 'a' <= s[i] && s[i] <= 'z' || 'A' <= s[i] && s[i] <= 'Z' || i > 0 && '0' <= s[i] && s[i] <= '9') {
		i++
	}
	if i == 0 || i >= len(s) || s[i] != '}' {
		return "", false
	}
	return s[:i], true
}
