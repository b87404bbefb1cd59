package checker

import (
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"
)

// wordDiff is a word-level comparison of an expected and a found text.
type wordDiff struct {
	diffs      []diffmatchpatch.Diff // texts are words joined by single spaces
	similarity float64               // 2 × common words / all words, in [0, 1]
}

// compareWords diffs two texts word by word with go-diff: every distinct
// word becomes one rune, so the character diff of the rune strings is a
// word diff.
func compareWords(expected, found string) wordDiff {
	a, b := strings.Fields(expected), strings.Fields(found)
	ids := make(map[string]rune)
	var words []string
	enc := func(ws []string) []rune {
		out := make([]rune, len(ws))
		for i, w := range ws {
			id, ok := ids[w]
			if !ok {
				id = rune(len(words))
				ids[w] = id
				words = append(words, w)
			}
			out[i] = id
		}
		return out
	}
	ra, rb := enc(a), enc(b)
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(ra, rb, false)
	common := 0
	for i := range diffs {
		rs := []rune(diffs[i].Text)
		ws := make([]string, len(rs))
		for k, r := range rs {
			ws[k] = words[r]
		}
		if diffs[i].Type == diffmatchpatch.DiffEqual {
			common += len(rs)
		}
		diffs[i].Text = strings.Join(ws, " ")
	}
	sim := 1.0
	if n := len(a) + len(b); n > 0 {
		sim = 2 * float64(common) / float64(n)
	}
	return wordDiff{diffs: diffs, similarity: sim}
}

// String renders the diff compactly: removed words as [-…-], added words
// as {+…+}, and long unchanged stretches shortened to a few words of
// context around each change.
func (d wordDiff) String() string {
	const ctx = 3
	var b strings.Builder
	for i, df := range d.diffs {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch df.Type {
		case diffmatchpatch.DiffDelete:
			b.WriteString("[-" + df.Text + "-]")
		case diffmatchpatch.DiffInsert:
			b.WriteString("{+" + df.Text + "+}")
		default:
			ws := strings.Fields(df.Text)
			first, last := i == 0, i == len(d.diffs)-1
			switch {
			case first && len(ws) > ctx:
				ws = append([]string{"…"}, ws[len(ws)-ctx:]...)
			case last && len(ws) > ctx:
				ws = append(ws[:ctx:ctx], "…")
			case !first && !last && len(ws) > 2*ctx+1:
				ws = append(append(ws[:ctx:ctx], "…"), ws[len(ws)-ctx:]...)
			}
			b.WriteString(strings.Join(ws, " "))
		}
	}
	return b.String()
}
