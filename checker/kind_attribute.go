package checker

import (
	"fmt"
	"html"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

var attributeKind = newKind(`Passes when every element matched by selector in the scope has attribute name, with a value that
is not blank and, when the rule gives a pattern, matches it. A missing attribute is reported at the
element's tag name, a bad value at the attribute; with default, the fix adds or sets the attribute.`,
	compileAttribute, checkAttribute)

// attributeRule is an attribute check compiled.
type attributeRule struct {
	*rules.Attribute
	sel *Selector
}

func compileAttribute(c *compiler, at *rules.Attribute) *attributeRule {
	return &attributeRule{Attribute: at, sel: c.selector("attribute.selector", at.Selector)}
}

func checkAttribute(p *Pass, at *attributeRule) {
	d := p.Doc
	for _, el := range p.Query(at.sel) {
		tag := d.StartTag(el)
		val, span, ok := d.Attr(el, at.Name)
		if !ok {
			// Report at the tag name, just after '<'.
			name := Span{tag.Start + 1, tag.Start + 1 + len(el.Data)}
			var fix *Fix
			if at.Default != "" {
				fix = &Fix{Message: fmt.Sprintf("add %s=%q", at.Name, at.Default),
					Edits: []Edit{{Start: name.End, End: name.End, Text: fmt.Sprintf(" %s=\"%s\"", at.Name, html.EscapeString(at.Default))}}}
			}
			p.Report(name, fmt.Sprintf("%s: <%s> has no %s attribute", p.Rule.Title, el.Data, at.Name),
				rules.MessageData{Match: string(d.Src[tag.Start:tag.End]), Expected: at.Name}, fix)
			continue
		}
		problem := ""
		empty := strings.TrimSpace(val) == ""
		switch {
		case empty:
			problem = fmt.Sprintf("<%s> has an empty %s attribute", el.Data, at.Name)
		case at.Pattern != nil && !at.Pattern.MatchString(val):
			problem = fmt.Sprintf("<%s> %s=%q does not match %q", el.Data, at.Name, val, at.Pattern.String())
		default:
			continue
		}
		whole := Span{span.Key.Start, max(span.Value.End, span.Key.End)}
		if whole.End < tag.End && (d.Src[whole.End] == '"' || d.Src[whole.End] == '\'') && whole.End > span.Key.End {
			whole.End++ // the closing quote
		}
		// The default fills a missing or empty value; a wrong value is the
		// editor's to correct (rel="nofollow" must not become "noopener").
		var fix *Fix
		if at.Default != "" && empty {
			e := Edit{Start: span.Value.Start, End: span.Value.End, Text: html.EscapeString(at.Default)}
			if span.Value.Start == span.Key.End {
				// No value at all: rewrite the attribute.
				e = Edit{Start: span.Key.Start, End: span.Key.End, Text: fmt.Sprintf("%s=\"%s\"", at.Name, html.EscapeString(at.Default))}
			}
			fix = &Fix{Message: fmt.Sprintf("set %s=%q", at.Name, at.Default), Edits: []Edit{e}}
		}
		p.Report(whole, fmt.Sprintf("%s: %s", p.Rule.Title, problem),
			rules.MessageData{Match: val, Expected: at.Name, Replacement: at.Default}, fix)
	}
}
