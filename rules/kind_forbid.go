package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// forbidCheck is the forbid kind: no text, word, pattern or selector
// may occur.
var forbidCheck = newCheckKind("forbid", "check: no text, word, pattern or selector may occur", false, (*ruleLoader).forbid)

// forbidWire is the value of a forbid key.
type forbidWire struct {
	_ struct{} `oneOf:"text,words,pattern,selector"`

	Text     string        `yaml:"text" minLength:"1" doc:"literal text that must not occur"`
	Words    []string      `yaml:"words" minItems:"1" minLength:"1" doc:"whole words (case-insensitive) that must not occur"`
	Pattern  string        `yaml:"pattern" minLength:"1" doc:"RE2 regular expression that must not match within a block"`
	Selector string        `yaml:"selector" minLength:"1" doc:"CSS selector that must not match an element in the scope"`
	Replace  string        `yaml:"replace" doc:"replacement that fixes each match: a literal, or with pattern a template with $1 or ${name}"`
	Rewrite  []rewriteWire `yaml:"rewrite" minItems:"1" doc:"instead of replace: substitutions applied in order to the matched text, giving its replacement"`
}

// rewriteWire is one substitution of a forbid rewrite.
type rewriteWire struct {
	Pattern string `yaml:"pattern" required:"true" minLength:"1" doc:"RE2 regular expression; every match in the text so far is replaced"`
	Replace string `yaml:"replace" required:"true" doc:"what each match becomes: a literal, or a template with $1 or ${name}"`
}

// Forbid passes when none of its text, words, pattern or selector occurs.
type Forbid struct {
	Text     string
	Words    []string // whole words, case-insensitive
	Pattern  *regexp.Regexp
	Selector string
	// Replace is the replacement for each match: a literal, or a
	// template with $1/${name} references for patterns. HasReplace tells
	// an empty replacement (delete the match) from none.
	Replace    string
	HasReplace bool
	// Rewrite, when set, makes the replacement instead of Replace: each
	// substitution in turn applies to the matched text.
	Rewrite []Rewrite
}

// Kind implements Check.
func (*Forbid) Kind() string { return forbidCheck.key }

// Rewrite is one substitution of a forbid rewrite: every match of
// Pattern becomes Replace (a regexp.Expand template).
type Rewrite struct {
	Pattern *regexp.Regexp
	Replace string
}

// Rewritten returns the replacement the forbid's rewrites make of the
// matched text s.
func (f *Forbid) Rewritten(s string) string {
	for _, r := range f.Rewrite {
		if r.Pattern != nil {
			s = r.Pattern.ReplaceAllString(s, r.Replace)
		}
	}
	return s
}

// forbid converts a forbid check.
func (l *ruleLoader) forbid(w *forbidWire, p string) *Forbid {
	key := func(k string) string { return joinKey(p, k) }
	f := &Forbid{
		Text:     l.sub(key("text"), w.Text, ctxText),
		Pattern:  l.pattern(key("pattern"), w.Pattern),
		Selector: l.sub(key("selector"), w.Selector, ctxText),
	}
	for i, word := range w.Words {
		f.Words = append(f.Words, l.sub(joinIndex(key("words"), i), word, ctxText))
	}
	if l.d.has(key("rewrite")) {
		l.rewrite(w, f, p)
		return f
	}
	if !l.d.has(key("replace")) {
		return f
	}
	f.HasReplace = true
	switch {
	case l.d.has(key("selector")):
		l.keyErrorf(key("replace"), "replace is not allowed with selector")
	case l.d.has(key("pattern")):
		if f.Pattern == nil {
			// Cannot tell group references from variables.
			f.Replace, _ = expandVars(w.Replace, l.vars, ctxReplace, nil)
			return f
		}
		names := f.Pattern.SubexpNames()
		var defined bool
		f.Replace, defined = l.subKeep(key("replace"), w.Replace, ctxReplace, func(name string) bool {
			return slices.Contains(names[1:], name)
		})
		if msg := checkExpand(f.Replace, f.Pattern); msg != "" && defined {
			l.errorf(key("replace"), "%s", msg)
		}
	default:
		f.Replace = l.sub(key("replace"), w.Replace, ctxText)
	}
	return f
}

// rewrite converts the rewrite list of a forbid check.
func (l *ruleLoader) rewrite(w *forbidWire, f *Forbid, p string) {
	key := func(k string) string { return joinKey(p, k) }
	switch {
	case l.d.has(key("replace")):
		l.keyErrorf(key("rewrite"), "replace and rewrite are mutually exclusive; give only one")
		return
	case l.d.has(key("selector")):
		l.keyErrorf(key("rewrite"), "rewrite is not allowed with selector")
		return
	}
	f.HasReplace = true
	for i, rw := range w.Rewrite {
		k := joinIndex(key("rewrite"), i)
		re := l.pattern(joinKey(k, "pattern"), rw.Pattern)
		if re == nil {
			f.Rewrite = append(f.Rewrite, Rewrite{})
			continue
		}
		names := re.SubexpNames()
		repl, defined := l.subKeep(joinKey(k, "replace"), rw.Replace, ctxReplace, func(name string) bool {
			return slices.Contains(names[1:], name)
		})
		if msg := checkExpand(repl, re); msg != "" && defined {
			l.errorf(joinKey(k, "replace"), "%s", msg)
		}
		f.Rewrite = append(f.Rewrite, Rewrite{Pattern: re, Replace: repl})
	}
}

// checkExpand checks the $1 and ${name} references of a replacement
// template (regexp.Expand syntax) against the groups of re. It returns
// a message for the first bad reference, or "".
func checkExpand(tmpl string, re *regexp.Regexp) string {
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] != '$' {
			continue
		}
		if i+1 < len(tmpl) && tmpl[i+1] == '$' {
			i++
			continue
		}
		name, n, ok := expandRef(tmpl[i+1:])
		if !ok {
			continue // a literal $
		}
		ref := tmpl[i : i+1+n]
		i += n
		if digits := leadingDigits(name); digits == name {
			if num, err := strconv.Atoi(name); err != nil || num > re.NumSubexp() {
				return fmt.Sprintf("%s refers to group %s, but the pattern has %s", ref, name, groupCount(re.NumSubexp()))
			}
			continue
		}
		if !slices.Contains(re.SubexpNames()[1:], name) {
			msg := fmt.Sprintf("%s refers to no group of the pattern", ref)
			if d := leadingDigits(name); d != "" && ref[1] != '{' {
				msg += fmt.Sprintf(" (for group %s followed by %q write ${%s}%s)", d, name[len(d):], d, name[len(d):])
			}
			return msg
		}
	}
	return ""
}

// expandRef reads a group reference after "$" the way regexp.Expand
// does: a name of letters, digits and underscores, or one in braces.
// It returns the name and the number of bytes read.
func expandRef(s string) (name string, n int, ok bool) {
	brace := strings.HasPrefix(s, "{")
	i := 0
	if brace {
		i = 1
	}
	start := i
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			break
		}
		i += size
	}
	if i == start {
		return "", 0, false
	}
	name = s[start:i]
	if brace {
		if i >= len(s) || s[i] != '}' {
			return "", 0, false
		}
		i++
	}
	return name, i, true
}

// leadingDigits returns the ASCII digits s starts with.
func leadingDigits(s string) string {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	return s[:i]
}

// groupCount formats a number of capturing groups.
func groupCount(n int) string {
	switch n {
	case 0:
		return "no groups"
	case 1:
		return "1 group"
	}
	return fmt.Sprintf("%d groups", n)
}
