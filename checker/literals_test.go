package checker

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/copydesk/copydesk/rules"
)

func TestRequiredLiterals(t *testing.T) {
	tests := []struct {
		pattern string
		want    []string // nil: no usable set
	}{
		{`With reporting by`, []string{"With reporting by"}},
		{`^With reporting by (AP|Reuters)$`, []string{"With reporting by AP", "With reporting by Reuters"}},
		{`\b(\d+(?:[.,]\d+)?) per cent\b`, []string{" per cent"}},
		{`^Promoted( Stories| Content)?$`, []string{"Promoted", "Promoted Stories", "Promoted Content"}},
		{`(?i)^\d+x\d+ image$|lorem ipsum|\[insert\b`, []string{" image", "lorem ipsum", "[insert"}},
		{`"([^"]+)"`, []string{`"`}},
		{`.`, nil},    // nothing literal
		{`a*b*`, nil}, // can match the empty string
		{`x?`, nil},   // likewise
		{`(©|\bPhoto\b|Фото)`, []string{"©", "Photo", "Фото"}},
		{`(abc|.)`, nil}, // one alternative has no literal
		{`[Ff]oto`, []string{"Foto", "foto"}},
		{`\(AP\) [—–-]`, []string{"(AP) —", "(AP) –", "(AP) -"}},
		{`(?:ab){2,}cd`, []string{"ab"}},
		// A list variable of 39 agencies in a dateline: a set of up to 64
		// strings is kept, so a block is read only when it holds "(AP" or
		// "(Reuters" …, not merely "AP" (in "happen", case ignored).
		{`^\p{Lu}[^()]{0,80}\((?:AP|Reuters|AFP|dpa|Interfax|TASS|EFE|ANSA|Xinhua|Kyodo|Yonhap|PA|UPI|APA|AAP|PTI|IANS|ANI|Anadolu|Lusa|ANP|Belga|NTB|Ritzau|TT|PAP|Jiji|KNA|epd|Bloomberg|Europa Press|Canadian Press|Press Association|RIA Novosti|Current Time|Associated Press|Agence France-Presse|Deutsche Presse-Agentur|PA Media)(?:/[^()]{1,30})?\)`, []string{"(AP", "(Reuters", "(AFP", "(dpa", "(Interfax", "(TASS", "(EFE", "(ANSA", "(Xinhua", "(Kyodo", "(Yonhap", "(PA", "(UPI", "(APA", "(AAP", "(PTI", "(IANS", "(ANI", "(Anadolu", "(Lusa", "(ANP", "(Belga", "(NTB", "(Ritzau", "(TT", "(PAP", "(Jiji", "(KNA", "(epd", "(Bloomberg", "(Europa Press", "(Canadian Press", "(Press Association", "(RIA Novosti", "(Current Time", "(Associated Press", "(Agence France-Presse", "(Deutsche Presse-Agentur", "(PA Media"}},
	}
	for _, tt := range tests {
		// Case is ignored: the parser may keep either case of a (?i) literal.
		var got []string
		for _, s := range requiredLiterals(regexp.MustCompile(tt.pattern)) {
			if !slices.Contains(got, strings.ToLower(s)) {
				got = append(got, strings.ToLower(s))
			}
		}
		for i := range tt.want {
			tt.want[i] = strings.ToLower(tt.want[i])
		}
		tt.want = slices.Compact(slices.Sorted(slices.Values(tt.want)))
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("requiredLiterals(%q) = %q, want %q", tt.pattern, got, tt.want)
		}
	}
}

// TestLiteralPrefilter checks the promise the engine relies on: a block
// the literal scan does not flag has no match of the pattern, words or
// text. Patterns and texts are chosen to stress case folding, quote and
// dash normalisation, and multi-byte characters.
func TestLiteralPrefilter(t *testing.T) {
	patterns := []string{
		`(?i)lorem ipsum`, `(?i)straße`, `(?i)kelvin`, `(?i)sıcak`, `(?i)ǅemal`, `"quoted"`, `‘single’`,
		`\(AP\) [—–-]`, `^With reporting (from|via)\b`, `(©|\bPhoto\b|\bCredit\b|\bFoto\b|Фото|/Getty Images|AP Photo/|REUTERS/|/AFP\b)`,
		`(?i)^\d+x\d+ image$|lorem ipsum|\[insert\b`, `\b(\d+(?:[.,]\d+)?) per cent\b`, `(?i)ΣΊΣΥΦΟΣ`, `(?i)заглушка`,
		`\x{FFFD}x`, `a\x{00A0}b`, `(?i)ſt`,
	}
	words := [][]string{{"lorem", "ipsum", "TODO", "FIXME", "заглушка"}, {"Straße", "ǆ"}, {"It’s", "co-op"}}
	texts := []string{"16x9 Image", "LOREM IPSUM dolor", "Lorem Ipsum", "STRASSE straße STRAẞE", "K is a kelvin sign",
		"ſtop", "SIcak", "sıcak", "ǅemal ǆemal Ǆemal", "“quoted”", "\"quoted\"", "'single'", "«quoted»",
		"MOSCOW (AP) — text", "MOSCOW (AP) - text", "MOSCOW (ap) – text", "With reporting from Reuters",
		"Photo: REUTERS/Name", "© 2024", "фото: заглушка", "ЗАГЛУШКА", "ΣΊΣΥΦΟΣ σίσυφος", "4,5 per cent", "4.5 per cent",
		"\xffx", "\uFFFDx", "a\u00a0b", "it's a co‐op", "IT’S A CO—OP", "todo:", "fixme", "[Insert quote]"}
	// Blocks of the test articles, and variants of everything.
	// A few articles are enough, and keep the test fast under -race.
	files, _ := filepath.Glob("../testdata/articles/*.html")
	for _, f := range files[:min(4, len(files))] {
		src, _ := os.ReadFile(f)
		doc, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range doc.Blocks {
			texts = append(texts, b.Text)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := len(texts)
	for i := range n {
		s := texts[i]
		texts = append(texts, strings.ToUpper(s), strings.ToLower(s), strings.ToTitle(s))
		r := []rune(s)
		for k := range r {
			if rng.IntN(4) == 0 {
				alt := []rune("\"'“”‘’«»—–-‐KſẞßİıΣσς")
				r[k] = alt[rng.IntN(len(alt))]
			}
		}
		texts = append(texts, string(r))
	}

	e := &Engine{}
	// Sets beyond the first 64 take a second word of each block's mask.
	for i := range 70 {
		e.literalSet([]string{fmt.Sprintf("zq%dzq", i)})
	}
	type matcher struct {
		lit   int
		match func(string) bool
		name  string
	}
	var ms []matcher
	for _, p := range patterns {
		re := regexp.MustCompile(p)
		lit := e.literals(re, "")
		ms = append(ms, matcher{lit, re.MatchString, p})
	}
	for _, ws := range words {
		re := wordsPattern(ws)
		var norm []string
		for _, w := range ws {
			norm = append(norm, NormalizeString(w, rules.DefaultNormalize))
		}
		lit := e.literalSet(norm)
		ms = append(ms, matcher{lit, func(s string) bool { return re.MatchString(NormalizeString(s, rules.DefaultNormalize)) }, strings.Join(ws, ",")})
	}
	for _, text := range []string{"co-op", "It’s", "With reporting by"} {
		want := NormalizeString(text, rules.DefaultNormalize)
		lit := e.literals(nil, want)
		ms = append(ms, matcher{lit, func(s string) bool {
			return strings.Contains(NormalizeString(s, rules.DefaultNormalize), want)
		}, text})
	}
	scan := newLitScanner(e.lits)
	doc := &Document{}
	for _, s := range texts {
		doc.Blocks = append(doc.Blocks, Block{Text: s})
	}
	hits := scan.blocks(doc)
	used, skipped := 0, 0
	for _, m := range ms {
		if m.lit < 0 {
			continue
		}
		used++
		for i, s := range texts {
			flagged := hits[i*scan.stride+m.lit/64]&(1<<(m.lit%64)) != 0
			if m.match(s) && !flagged {
				t.Errorf("%s matches %q, which the literal scan does not flag", m.name, s)
			}
			if !flagged {
				skipped++
			}
		}
	}
	if used < len(ms)-2 || skipped < used*len(texts)/2 {
		t.Errorf("the scan is not selective: %d of %d matchers have literals, %d of %d blocks skipped", used, len(ms), skipped, used*len(texts))
	}
}

// TestPatternPrefilter checks that running a pattern only where its
// literals and alternatives allow finds exactly what running it on every
// block finds: matches, counts and whether it matches at all.
func TestPatternPrefilter(t *testing.T) {
	var sources []string
	for _, f := range []string{"../testdata/rules/house.yml", "../rules/packs/editorial.yml", "../rules/packs/attribution.yml",
		"../rules/packs/image-credits.yml", "../rules/packs/wire-credits.yml", "../rules/packs/sponsored.yml"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`(?m)(?:pattern|contains): '((?:[^']|'')*)'`).FindAllStringSubmatch(string(data), -1) {
			sources = append(sources, strings.ReplaceAll(m[1], "''", "'"))
		}
	}
	sources = append(sources, `(?i)lorem ipsum|^\d+x\d+ image$|\(TK\)`, `a|b|c`, `x+|(?i)ſt|"[^"]+"`, `^(?:Promoted|Sponsored)$|^$`, `said|.`,
		`ab(?i)cd|ef|(?-i)gh|ij`, `(?i)kl|MN|(?-i)op|QR`, `\Q|\E|st|[|]uv`)
	vars := strings.NewReplacer("${agencies}", "AP|Reuters", "${credits}", "AP Photo|REUTERS", "${helplines}", "Samaritans|988",
		"${sponsored_labels}", "Sponsored|Promoted", "${publisher}", "RFE/RL")
	e := &Engine{}
	var pats []*pattern
	alts := 0
	for _, src := range sources {
		re, err := regexp.Compile(vars.Replace(src))
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		pat := e.pattern(re)
		if pat.alts != nil {
			alts++
		}
		pats = append(pats, pat)
	}
	if len(pats) < 15 || alts < 5 {
		t.Fatalf("%d patterns, %d with alternatives: the test reads too few", len(pats), alts)
	}
	texts := []string{"", "16x9 Image", "Lorem ipsum dolor", "(TK) fill in", "“We will stay,” she said.", `"A long quote with no one," named.`,
		"With reporting by AP and Reuters", "MOSCOW (AP) — Officials said", "Photo: REUTERS/Name", "Promoted", "Sponsored", "ſt", "abc",
		"abCD", "EF", "ef", "GH", "IJ", "ij", "KL", "mn", "OP", "op", "qr", "QR", "|", "x|y", "|uv"}
	// A few articles are enough, and keep the test fast under -race.
	files, _ := filepath.Glob("../testdata/articles/*.html")
	for _, f := range files[:min(4, len(files))] {
		src, _ := os.ReadFile(f)
		doc, err := Parse(f, src)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range doc.Blocks {
			texts = append(texts, b.Text)
		}
	}
	doc := &Document{}
	var views []BlockView
	for i, s := range texts {
		doc.Blocks = append(doc.Blocks, Block{Text: s})
		views = append(views, BlockView{Index: i, Lo: 0, Hi: len(s)})
	}
	e.scan = newLitScanner(e.lits)
	p := &Pass{Doc: doc, run: &run{e: e, doc: doc}}
	for _, pat := range pats {
		var want []occurrence
		for _, v := range views {
			text := p.Text(v)
			if got := p.matchPattern(v, pat); got != pat.re.MatchString(text) {
				t.Errorf("%s on %q: matchPattern %v", pat.re, text, got)
			}
			for _, m := range pat.re.FindAllStringSubmatchIndex(text, -1) {
				want = append(want, occurrence{v: v, lo: m[0], hi: m[1], sub: m})
			}
		}
		got := p.findPattern(views, pat)
		if len(got) != len(want) {
			t.Fatalf("%s: findPattern found %d matches, want %d", pat.re, len(got), len(want))
		}
		for i := range got {
			if got[i].v != want[i].v || got[i].lo != want[i].lo || got[i].hi != want[i].hi || !slices.Equal(got[i].sub, want[i].sub) {
				t.Errorf("%s: match %d is %+v, want %+v", pat.re, i, got[i], want[i])
			}
		}
		for _, limit := range []int{0, 1, 2, 3, 1000} {
			if n := p.countPattern(views, pat, limit); n != min(limit, len(want)) {
				t.Errorf("%s: countPattern(%d) = %d, want %d", pat.re, limit, n, min(limit, len(want)))
			}
		}
	}
}

func TestSplitAlternatives(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`abc`, nil},
		{`a|b`, []string{`a`, `b`}},
		{`(a|b)|c`, []string{`(a|b)`, `c`}},
		{`[|]|x`, []string{`[|]`, `x`}},
		{`\||y`, []string{`\|`, `y`}},
		{`(?i)a|b`, []string{`(?i)a`, `(?i)b`}},
		{`a(?i)b|c|(?-i)d|e`, []string{`a(?i)b`, `(?i)c`, `(?i)(?-i)d`, `(?i)(?-i)e`}},
		{`\Q|\E|z`, []string{`\Q|\E`, `z`}},
		{`[[:alpha:]|]|w`, []string{`[[:alpha:]|]`, `w`}},
		{`[]|]|v`, []string{`[]|]`, `v`}},
		{`[^]|]|u`, []string{`[^]|]`, `u`}},
		{`(?i:x)|y`, []string{`(?i:x)`, `y`}},
		{`(?P<n>a|b)|c`, []string{`(?P<n>a|b)`, `c`}},
		{`[\]|]|t`, []string{`[\]|]`, `t`}},
		{`a)|b`, nil},
		{`(a|b`, nil},
		{`[ab|c`, nil},
	}
	for _, tt := range tests {
		if got := splitAlternatives(tt.src); !slices.Equal(got, tt.want) {
			t.Errorf("splitAlternatives(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestFlattenAlternatives(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{`abc`, nil},
		{`(?i:abc)`, nil},
		{`(?i:a|b)`, []string{`(?i)a`, `(?i)b`}},
		{`(?i:a|b)|c`, []string{`(?i)a`, `(?i)b`, `c`}},
		{`(?i)(?:a|b)|c`, []string{`(?i)a`, `(?i)b`, `(?i)c`}},
		{`x|(?i:a|(?-i:b|c))`, []string{`x`, `(?i)a`, `(?i)(?-i)b`, `(?i)(?-i)c`}},
		{`(a|b)|c`, []string{`a`, `b`, `c`}},
		{`(?P<n>a|b)|c`, []string{`a`, `b`, `c`}},
		{`(a|b)c|d`, []string{`(a|b)c`, `d`}},
		{`(a|b)(c|d)`, nil},
		{`(?i:[)|]|\)|b)`, []string{`(?i)[)|]`, `(?i)\)`, `(?i)b`}},
		{`(?i:\Q)|\E|b)`, []string{`(?i)\Q)|\E`, `(?i)b`}},
		// A list of words between word boundaries.
		{`(?i)\b(?:said|told)\b`, []string{`(?i)\b(?:(?i)said)\b`, `(?i)\b(?:(?i)told)\b`}},
		{`x|\b(said|told|according to)\b`, []string{`x`, `\b(?:said)\b`, `\b(?:told)\b`, `\b(?:according to)\b`}},
		{`\b(?:said|told)\b\b`, nil},
		{`\b(?:said|told)x\b`, nil},
		{`\b(?:a|b)\b(?:c|d)\b`, nil},
		{`\b(?:a|b\)\b`, nil},
	}
	for _, tt := range tests {
		if got := flattenAlternatives(tt.src); !slices.Equal(got, tt.want) {
			t.Errorf("flattenAlternatives(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestRequiredSets(t *testing.T) {
	tests := []struct {
		src  string
		want [][]string
	}{
		{`abc`, [][]string{{"abc"}}},
		{`(?i)\b(?:caption|title|bio)\s+(?:goes|to go)\s+here\b`, [][]string{{"HERE"}, {"GOES", "TO GO"}, {"CAPTION", "TITLE", "BIO"}}},
		{`(abc\s+defg)`, [][]string{{"defg"}, {"abc"}}},
		{`a|bc`, [][]string{{"a", "bc"}}},
		{`.*`, nil},
		{`\d+x\d+`, [][]string{{"x"}}},
	}
	for _, tt := range tests {
		re, err := syntax.Parse(tt.src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got := requiredSets(re)
		if len(got) != len(tt.want) {
			t.Errorf("requiredSets(%q) = %q, want %q", tt.src, got, tt.want)
			continue
		}
		for i := range got {
			if !slices.Equal(got[i], tt.want[i]) {
				t.Errorf("requiredSets(%q) = %q, want %q", tt.src, got, tt.want)
				break
			}
		}
	}
}

// TestMayHint checks that the literal test in front of asideHint never
// rules out a value the regexp matches.
func TestMayHint(t *testing.T) {
	if len(asideLits) == 0 {
		t.Fatal("asideHint has no literals")
	}
	vals := []string{"sidebar", "Site-NAV", "navbar", "ads", "AD", "head", "loading", "most-read", "MostPopular", "x-comment-y", "K", "\u212aebab",
		"article-body", "story", "main content", "related_stories", "newsletter-signup", "a b c", ""}
	rng := rand.New(rand.NewPCG(11, 12))
	parts := []string{"nav", "Ad", "s", "-", " ", "menu", "MORE", "stories", "x", "popup", "é", "_", "ban", "ner", "`"}
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(6) {
			sb.WriteString(parts[rng.IntN(len(parts))])
		}
		vals = append(vals, sb.String())
	}
	skipped := 0
	for _, v := range vals {
		if asideHint.MatchString(v) && !mayHint(v) {
			t.Errorf("asideHint matches %q, which mayHint rules out", v)
		}
		if !mayHint(v) {
			skipped++
		}
	}
	if skipped == 0 {
		t.Error("mayHint rules out nothing")
	}
}

// TestLitScannerTooBig checks that literal sets too large for the
// automaton leave every block to be looked at.
func TestLitScannerTooBig(t *testing.T) {
	e := &Engine{}
	var set []string
	for i := range 10000 {
		set = append(set, fmt.Sprintf("%016x", uint64(i)*0x9e3779b97f4a7c15))
	}
	lit := e.literalSet(set)
	if e.scan = newLitScanner(e.lits); e.scan != nil {
		t.Fatal("an automaton of 160 000 states was built")
	}
	doc := &Document{Blocks: []Block{{Text: "nothing in common"}}}
	p := &Pass{Doc: doc, run: &run{e: e, doc: doc}}
	if !p.mayMatch(BlockView{Index: 0, Hi: len(doc.Blocks[0].Text)}, lit) {
		t.Error("a block was ruled out without an automaton")
	}
}

// TestLitScannerFastPaths compares the scan of every character up to
// U+FFFF, and of broken sequences, after text that leaves the automaton
// in many states, with the scan that decodes, folds and encodes each
// character (feed reads two- and three-byte characters by table).
func TestLitScannerFastPaths(t *testing.T) {
	e, _ := benchEngine(&testing.B{}, "packs")
	s := e.scan
	ref := func(row int32, text string, mask []uint64) (int32, bool) {
		ok := true
		for _, r := range text {
			if r == utf8.RuneError {
				ok = false // as feed: an invalid byte (no U+FFFD in the inputs below)
			}
			for _, c := range utf8.AppendRune(nil, s.fold(r)) {
				row = s.next[row+int32(s.class[c])]
				if row < 0 {
					row = ^row
					s.mark(mask, row/int32(s.nclass))
				}
			}
		}
		return row, ok
	}
	prefixes := []string{"", "with reporting by ", "фото", "(AP", "“quoted", "Credit", "Getty Ima"}
	var texts []string
	for r := rune(0x80); r <= 0xFFFF; r++ {
		if r != utf8.RuneError && (r < 0xD800 || r > 0xDFFF) {
			texts = append(texts, string(r)+"x")
		}
	}
	texts = append(texts, "\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80", "\xe2\x80", "\xd0", "\xf0\x9f\x98\x80", "\xe2\x80\x9cAP\xe2\x80\x9d")
	for _, p := range prefixes {
		for _, text := range texts {
			m1, m2 := make([]uint64, s.stride), make([]uint64, s.stride)
			r1, ok1 := s.feed(0, p+text, m1)
			r2, ok2 := ref(0, p+text, m2)
			if strings.ContainsRune(text, utf8.RuneError) || !utf8.ValidString(text) {
				ok2 = false
			}
			if r1 != r2 || ok1 != ok2 || !slices.Equal(m1, m2) {
				t.Fatalf("%q: feed gives row %d, %v, %x; decoding gives %d, %v, %x", p+text, r1, ok1, m1, r2, ok2, m2)
			}
		}
	}
}

// TestLitScannerExact checks the literal automaton against looking for
// each literal in the text, on random sets over a small alphabet (so
// that literals overlap and failure links chain), with case folding and
// characters of two and three bytes.
func TestLitScannerExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	alphabet := []rune("abcAB’'ſé")
	word := func(n int) string {
		r := make([]rune, n)
		for i := range r {
			r[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(r)
	}
	fold := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteRune(foldRune(r))
		}
		return b.String()
	}
	for range 200 {
		sets := make([][]string, 1+rng.IntN(70))
		for i := range sets {
			for range 1 + rng.IntN(3) {
				sets[i] = append(sets[i], word(1+rng.IntN(4)))
			}
		}
		scan := newLitScanner(sets)
		for range 20 {
			text := word(rng.IntN(30))
			mask := make([]uint64, scan.stride)
			scan.feed(0, text, mask)
			for i, set := range sets {
				want := false
				for _, lit := range set {
					want = want || strings.Contains(fold(text), fold(lit))
				}
				if got := mask[i/64]&(1<<(i%64)) != 0; got != want {
					t.Fatalf("sets %q, text %q: set %d found %v, want %v", sets, text, i, got, want)
				}
			}
		}
	}
}
