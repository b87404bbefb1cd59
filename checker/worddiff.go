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

// WordDiff diffs two texts word by word with go-diff: every distinct
// word becomes one rune, so the character diff of the rune strings is a
// word diff. Each run's text is its words joined by single spaces. The
// exact kind's findings and the html report's fix previews both show it.
func WordDiff(before, after string) []diffmatchpatch.Diff {
	a, b := strings.Fields(before), strings.Fields(after)
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
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0
	diffs := dmp.DiffMainRunes(enc(a), enc(b), false)
	for i := range diffs {
		rs := []rune(diffs[i].Text)
		ws := make([]string, len(rs))
		for k, r := range rs {
			ws[k] = words[r]
		}
		diffs[i].Text = strings.Join(ws, " ")
	}
	return diffs
}

// compareWords is the word diff of an expected and a found text with
// their similarity.
func compareWords(expected, found string) wordDiff {
	diffs := WordDiff(expected, found)
	common, all := 0, 0
	for _, d := range diffs {
		n := 0
		if d.Text != "" {
			n = strings.Count(d.Text, " ") + 1
		}
		if d.Type == diffmatchpatch.DiffEqual {
			common += 2 * n
			all += 2 * n
		} else {
			all += n
		}
	}
	sim := 1.0
	if all > 0 {
		sim = float64(common) / float64(all)
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
