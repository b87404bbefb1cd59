package checker

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

var forbidKind = newKind(`Passes when none of the text, words, pattern or selector occurs in the scope. Every occurrence is
reported where it is. text matches literally and case-sensitively after white space, quote and dash
normalisation; words match whole words case-insensitively (word boundaries on Unicode letters and
digits); pattern is an RE2 regexp matched within each block. With replace, each match gets a fix
that replaces it (a literal, or $1 / ${name} references to the pattern's groups); with rewrite, the
replacement is the matched text after each substitution of the list in turn.`,
	compileForbid, checkForbid)

// forbidRule is a forbid check compiled.
type forbidRule struct {
	*rules.Forbid
	sel   *Selector
	words *regexp.Regexp // Words, as one case-insensitive alternation
	text  string         // Text, normalised
	pat   *pattern       // Pattern
	// lit is the literal set (Engine.lits) of the words or text: a
	// block without one of its literals cannot match. -1: none.
	lit int
}

func compileForbid(c *compiler, fb *rules.Forbid) *forbidRule {
	s := &forbidRule{Forbid: fb}
	s.sel = c.selector("forbid.selector", fb.Selector)
	s.text = ruleText(fb.Text)
	s.pat = c.e.pattern(fb.Pattern)
	s.lit = c.e.literals(nil, s.text)
	if len(fb.Words) > 0 {
		s.words = wordsPattern(fb.Words)
		words := make([]string, len(fb.Words))
		for i, w := range fb.Words {
			words[i] = NormalizeString(w, rules.DefaultNormalize)
		}
		s.lit = c.e.literalSet(words)
	}
	return s
}

func checkForbid(p *Pass, fb *forbidRule) {
	if fb.Selector != "" {
		for _, el := range p.Query(fb.sel) {
			tag := p.Doc.StartTag(el)
			p.Report(tag, fmt.Sprintf("%s: forbidden element <%s>", p.Rule.Title, el.Data),
				rules.MessageData{Match: string(p.Doc.Src[tag.Start:tag.End])}, nil)
		}
		return
	}
	// Matches are looked for in every block of the scope and those in
	// excluded blocks dropped after: most blocks match nothing, and the
	// literals rule them out at less cost than the exclude list.
	views := p.run.blocksIn(p.Scope)
	var occ []occurrence
	switch {
	case fb.Pattern != nil:
		occ = p.findPattern(views, fb.pat)
	case fb.words != nil:
		occ = p.findWords(views, fb.words, fb.lit)
	default:
		occ = p.findText(views, fb.text, 0, fb.lit)
	}
	for _, o := range occ {
		if p.excludedBlock(p.Doc.Blocks[o.v.Index].Node) {
			continue
		}
		if p.Full() {
			p.Skip(p.SourceSpan(o.v, o.lo, o.hi))
			continue
		}
		text := p.Text(o.v)
		match := text[o.lo:o.hi]
		span := p.SourceSpan(o.v, o.lo, o.hi)
		data := rules.MessageData{Match: match}
		var fix *Fix
		if fb.HasReplace {
			repl := fb.Replace
			switch {
			case len(fb.Rewrite) > 0:
				repl = fb.Rewritten(match)
			case o.sub != nil:
				repl = string(fb.Pattern.ExpandString(nil, fb.Replace, text, o.sub))
			}
			data.Replacement = repl
			// A match that spans markup cannot be replaced without
			// losing the tags inside it.
			if repl != match && !strings.Contains(string(p.Doc.Src[span.Start:span.End]), "<") {
				fix = &Fix{Message: fmt.Sprintf("replace %s with %s", shorten(match, 40), shorten(repl, 40)),
					Edits: []Edit{{Start: span.Start, End: span.End, Text: escapeText(repl)}}}
			}
		}
		p.Report(span, fmt.Sprintf("%s: %q", p.Rule.Title, match), data, fix)
	}
}

// wordsPattern matches any of the words, case-insensitively. Word
// boundaries are checked by the caller on Unicode letters and digits.
func wordsPattern(words []string) *regexp.Regexp {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = regexp.QuoteMeta(NormalizeString(w, rules.DefaultNormalize))
	}
	// Longer words first, so "TK" does not win over "TKTK".
	sort.SliceStable(quoted, func(i, j int) bool { return len(quoted[i]) > len(quoted[j]) })
	return regexp.MustCompile(`(?i)(?:` + strings.Join(quoted, "|") + `)`)
}
