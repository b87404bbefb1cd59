package checker

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

// similarityOf is the bound wordBag.bound computes, from the normalised
// strings: 2 × words in common regardless of order / all words.
func similarityOf(a []string, b string) float64 {
	bag := map[string]int{}
	for _, w := range a {
		bag[w]++
	}
	seen := map[string]int{}
	common, nb := 0, 0
	for _, w := range strings.Fields(b) {
		nb++
		if seen[w] < bag[w] {
			common++
		}
		seen[w]++
	}
	if len(a)+nb == 0 {
		return 1
	}
	return 2 * float64(common) / float64(len(a)+nb)
}

func hashTexts() []string {
	texts := []string{"", "a", "The Council VOTED", "“Quoted” — dashes – and ‘quotes’ `tick`", "ΣΊΣΥΦΟΣ σίσυφος ς", "Тверская УЛИЦА",
		"invalid \xff\xfe bytes", "\uFFFD real replacement", "İstanbul KELVIN \u212a", "tabs\tand\nnewlines\u00a0nbsp\u2003em space",
		"the the the cat", "cat the"}
	rng := rand.New(rand.NewPCG(9, 9))
	alphabet := []rune("aAbB “”‘’—–-`\"' ΣσςİıK\u212a\u00a0\tЖж")
	for range 500 {
		r := make([]rune, rng.IntN(30))
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		texts = append(texts, string(r))
	}
	return texts
}

func TestNormHash(t *testing.T) {
	flagSets := []rules.Normalize{0, rules.NormCase, rules.NormQuotes | rules.NormDashes, rules.NormQuotes | rules.NormDashes | rules.NormCase}
	for _, s := range hashTexts() {
		for _, f := range flagSets {
			h, n := normHash(s, f)
			want := uint64(fnvOffset)
			for _, c := range []byte(normalize(s, f).s) {
				want = (want ^ uint64(c)) * fnvPrime
			}
			if h != want || n != utf8.RuneCountInString(s) {
				t.Errorf("normHash(%q, %v) = %x, %d; want %x, %d", s, f, h, n, want, utf8.RuneCountInString(s))
			}
		}
	}
}

func TestWordBagBound(t *testing.T) {
	texts := hashTexts()
	for _, f := range []rules.Normalize{rules.DefaultNormalize, rules.DefaultNormalize | rules.NormCase} {
		for i, wantText := range texts[:60] {
			want := NormalizeString(wantText, f|rules.NormSpace)
			words := strings.Fields(want)
			bag := newWordBag(words)
			seen := make([]int32, len(bag.count))
			for _, s := range texts[i:] {
				got := normalize(s, f&^rules.NormSpace).s
				b := bag.bound(s, f&^rules.NormSpace, seen)
				if ref := similarityOf(words, got); b < ref {
					t.Errorf("bound(%q, %q) = %v, below %v", want, s, b, ref)
				}
				if sim := compareWords(want, got).similarity; b < sim {
					t.Errorf("bound(%q, %q) = %v, below the similarity %v", want, s, b, sim)
				}
			}
		}
	}
}

// TestSimilarWords checks the promise of similarWords: a text at least
// threshold similar to the paragraph has one of the words.
func TestSimilarWords(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	vocab := strings.Fields("a an the of to in on is it be has have notice organization undesirable government declared Russian passport stateless residing permanently")
	pick := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = vocab[rng.IntN(len(vocab))]
		}
		return out
	}
	checked := 0
	for range 3000 {
		para := pick(1 + rng.IntN(25))
		threshold := []float64{0.3, 0.6, 0.7, 0.9}[rng.IntN(4)]
		lits := similarWords(para, threshold)
		// Half the texts are the paragraph with a few words changed.
		words := pick(rng.IntN(30))
		if rng.IntN(2) == 0 {
			words = slices.Clone(para)
			for range rng.IntN(len(para) + 1) {
				words[rng.IntN(len(words))] = vocab[rng.IntN(len(vocab))]
			}
		}
		text := strings.Join(words, " ")
		if compareWords(strings.Join(para, " "), text).similarity < threshold {
			continue
		}
		if lits == nil {
			continue // no bound: every block is looked at
		}
		checked++
		found := false
		for _, w := range strings.Fields(text) {
			if slices.Contains(lits, w) {
				found = true
			}
		}
		if !found {
			t.Fatalf("%q is %v similar to %q but has none of %q", text, compareWords(strings.Join(para, " "), text).similarity, para, lits)
		}
	}
	if checked < 100 {
		t.Errorf("only %d similar texts: the test checks too little", checked)
	}
}

func TestRuleText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"With reporting by AP", "With reporting by AP"},
		{" -- ", " -- "},
		{"  --\t", " -- "},
		{"With reporting\n  by AP\n", "With reporting by AP"}, // a block scalar
		{"\n  -- \n", "--"},
		{"‘quoted’ – dash ", "'quoted' - dash "},
		{"   ", ""},
	}
	for _, tt := range tests {
		if got := ruleText(tt.in); got != tt.want {
			t.Errorf("ruleText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
