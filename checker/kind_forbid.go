package checker

import (
	"fmt"
	"strings"

	"github.com/copydesk/copydesk/rules"
)

var forbidKind = &Kind{
	Name: "forbid",
	Doc: `Passes when none of the text, words, pattern or selector occurs in the scope. Every occurrence is
reported where it is. text matches literally and case-sensitively after white space, quote and dash
normalisation; words match whole words case-insensitively (word boundaries on Unicode letters and
digits); pattern is an RE2 regexp matched within each block. With replace, each match gets a fix
that replaces it (a literal, or $1 / ${name} references to the pattern's groups); with rewrite, the
replacement is the matched text after each substitution of the list in turn.`,
	Check: checkForbid,
}

func checkForbid(p *Pass) {
	fb := p.Rule.Forbid
	if fb.Selector != "" {
		for _, el := range p.Query(p.c.sel) {
			tag := p.Doc.StartTag(el)
			p.Report(tag, fmt.Sprintf("%s: forbidden element <%s>", p.Rule.Title, el.Data),
				rules.MessageData{Match: string(p.Doc.Src[tag.Start:tag.End])}, nil)
		}
		return
	}
	views := p.Blocks()
	var occ []occurrence
	switch {
	case fb.Pattern != nil:
		occ = p.findPattern(views, p.c.pat)
	case p.c.words != nil:
		occ = p.findWords(views, p.c.words, p.c.lit)
	default:
		occ = p.findText(views, p.c.text, 0, p.c.lit)
	}
	for _, o := range occ {
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
