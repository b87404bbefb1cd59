package rules

import (
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// exactCheck is the exact kind: a canonical boilerplate text must be
// present verbatim.
var exactCheck = newCheckKind("exact", "check: a canonical boilerplate text must be present verbatim", true, (*ruleLoader).exact)

// exactWire is the value of an exact key.
type exactWire struct {
	_ struct{} `oneOf:"text,file"`

	Text      string   `yaml:"text" minLength:"1" doc:"the canonical text; paragraphs are separated by blank lines"`
	File      string   `yaml:"file" minLength:"1" doc:"file holding the canonical text, relative to the rule file"`
	Normalize []string `yaml:"normalize" enum:"space,quotes,dashes,case" default:"space,quotes,dashes" doc:"differences ignored when comparing"`
	Threshold float64  `yaml:"threshold" exclusiveMinimum:"0" maximum:"1" default:"0.6" doc:"similarity at or above which a near match is reported as altered rather than missing"`
}

// Exact passes when a canonical boilerplate text is present verbatim.
// A text of several paragraphs (separated by blank lines) is checked as
// several boilerplate blocks, each on its own.
type Exact struct {
	Text      string   // canonical text, variables substituted
	Paras     []string // Text split into paragraphs, white space collapsed
	Normalize Normalize
	Threshold float64 // similarity at or above which a near match is "altered"
}

// Kind implements Check.
func (*Exact) Kind() string { return exactCheck.key }

// exact converts an exact check.
func (l *ruleLoader) exact(w *exactWire, p string) *Exact {
	key := func(k string) string { return joinKey(p, k) }
	e := &Exact{Threshold: w.Threshold}
	src := key("text")
	switch {
	case l.d.has(key("text")):
		e.Text = l.sub(src, w.Text, ctxText)
	case l.d.has(key("file")):
		src = key("file")
		if w.File == "" {
			return e
		}
		name := w.File
		if !filepath.IsAbs(name) {
			name = filepath.Join(filepath.Dir(l.d.file), name)
		}
		data, err := l.opts.ReadFile(name)
		if err != nil {
			l.errorf(src, "cannot read %s: %v", name, pathErr(err))
			return e
		}
		if !utf8.Valid(data) {
			l.errorf(src, "%s is not valid UTF-8", name)
			return e
		}
		e.Text = l.sub(src, string(data), ctxText)
	default:
		return e
	}
	e.Text = strings.TrimSpace(e.Text)
	e.Paras = paragraphs(e.Text)
	if len(e.Paras) == 0 && !l.d.bad[src] {
		l.errorf(src, "the canonical text is empty")
	}
	for _, n := range w.Normalize {
		switch n {
		case "space":
			e.Normalize |= NormSpace
		case "quotes":
			e.Normalize |= NormQuotes
		case "dashes":
			e.Normalize |= NormDashes
		case "case":
			e.Normalize |= NormCase
		}
	}
	return e
}

// paragraphs splits text on blank lines, collapsing the white space of
// each paragraph and dropping empty ones.
func paragraphs(text string) []string {
	var paras, cur []string
	flush := func() {
		if p := strings.Join(strings.Fields(strings.Join(cur, " ")), " "); p != "" {
			paras = append(paras, p)
		}
		cur = cur[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
		} else {
			cur = append(cur, line)
		}
	}
	flush()
	return paras
}
