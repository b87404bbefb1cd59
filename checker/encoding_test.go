package checker

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"

	"github.com/copydesk/copydesk/internal/testdiff"
	"github.com/copydesk/copydesk/rules"
)

func TestSniffEncoding(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // encoding name
		decode    bool
		warn      string // substring of the one warning, or ""
		err       string
	}{
		{"plain ascii", "<p>x</p>", "utf-8", false, "", ""},
		{"utf-8", "<p>Привет</p>", "utf-8", false, "", ""},
		{"utf-8 bom", "\ufeff<p>x</p>", "utf-8", false, "", ""},
		{"utf-16le bom", "\xff\xfe<\x00p\x00>\x00", "utf-16le", true, "", ""},
		{"utf-16be bom", "\xfe\xff\x00<\x00p\x00>", "utf-16be", true, "", ""},
		{"utf-16le without bom", "<\x00!\x00D\x00O\x00C\x00", "utf-16le", true, "", ""},
		{"utf-16be without bom", "\x00\n\x00<\x00h\x00t", "utf-16be", true, "", ""},
		{"meta charset", "<meta charset=windows-1251><p>\xcf\xf0\xe8</p>", "windows-1251", true, "", ""},
		{"meta charset label", "<meta charset=' cp1251 '><p>\xcf</p>", "windows-1251", true, "", ""},
		{"http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R"><p>` + "\xf0" + `</p>`, "koi8-r", true, "", ""},
		{"upper case", `<META HTTP-EQUIV="CONTENT-TYPE" CONTENT="TEXT/HTML; CHARSET=WINDOWS-1251"><P>` + "\xf0", "windows-1251", true, "", ""},
		{"content without pragma is ignored", `<meta content="text/html; charset=koi8-r"><p>x</p>`, "utf-8", false, "", ""},
		{"latin-1 means windows-1252", "<meta charset=iso-8859-1><p>caf\xe9</p>", "windows-1252", true, "", ""},
		{"shift_jis", "<meta charset=shift_jis><p>\x93\xfa\x96\x7b</p>", "shift_jis", true, "", ""},
		{"declared legacy, ascii only", "<meta charset=windows-1251><p>x</p>", "windows-1251", false, "", ""},
		{"declared legacy, valid utf-8", "<meta charset=gb2312><p>中文</p>", "utf-8", false, "declares charset gbk but is valid UTF-8", ""},
		{"declared utf-16 in meta means utf-8", "<meta charset=utf-16><p>x</p>", "utf-8", false, "", ""},
		{"unknown label is ignored", "<meta charset=klingon><p>x</p>", "utf-8", false, "", ""},
		{"invalid utf-8", "<p>a\xffb</p>", "utf-8", false, "invalid UTF-8 (byte 0xff)", ""},
		{"late declaration", "<html><head>" + strings.Repeat("<!-- padding -->", 80) + "<meta charset=koi8-r></head><p>\xf0</p>", "koi8-r", true, "", ""},
		{"late declaration ignored for valid utf-8", "<html><head>" + strings.Repeat("<!-- padding -->", 80) + "<meta charset=koi8-r></head><p>x</p>", "utf-8", false, "", ""},
		{"late declaration after body is ignored", "<body>" + strings.Repeat("<!-- padding -->", 80) + "<meta charset=koi8-r><p>\xf0</p>", "utf-8", false, "invalid UTF-8", ""},
		{"iso-2022-jp", "<meta charset=iso-2022-jp><p>\x1b$B$3$s\x1b(B</p>", "iso-2022-jp", true, "", ""},
		{"replacement encoding", "<meta charset=iso-2022-kr><p>x</p>", "", false, "", "unsupported character encoding \"iso-2022-kr\""},
		{"x-user-defined means windows-1252", "<meta charset=x-user-defined><p>\xe9</p>", "windows-1252", true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe, warns, err := sniffEncoding([]byte(tt.src), "")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if fe.name != tt.want || fe.decode != tt.decode {
				t.Errorf("encoding %s (decode %v), want %s (decode %v)", fe.name, fe.decode, tt.want, tt.decode)
			}
			switch {
			case tt.warn == "" && len(warns) > 0:
				t.Errorf("unexpected warnings %v", warns)
			case tt.warn != "" && (len(warns) != 1 || !strings.Contains(warns[0].Message, tt.warn)):
				t.Errorf("warnings %v, want one with %q", warns, tt.warn)
			}
		})
	}
}

func TestContentCharset(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"text/html; charset=koi8-r", "koi8-r"},
		{"text/html; CharSet = 'windows-1251' ", "windows-1251"},
		{`text/html; charset="utf-8`, ""},
		{"charset", ""},
		{"charsetx; charset=gbk", "gbk"},
		// Text whose lower case is longer or shorter than itself before
		// the word (a crasher of FuzzParse: indices of strings.ToLower
		// do not fit the original).
		{"\x8dChArset0 charset=big5", "big5"},
		{"İİİİ charset=euc-kr", "euc-kr"},
	} {
		if got := contentCharset(c.in); got != c.want {
			t.Errorf("contentCharset(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDecodedText checks what the checker reads from files in other
// encodings, and that every offset maps back.
func TestDecodedText(t *testing.T) {
	tests := []struct {
		name, src, text string
	}{
		{"windows-1251", "<meta charset=windows-1251><p>\xcf\xf0\xe8\xe2\xe5\xf2, \xec\xe8\xf0</p>", "Привет, мир"},
		{"koi8-r", "<meta charset=koi8-r><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>", "Привет"},
		{"iso-8859-2", "<meta charset=iso-8859-2><p>\xbf\xf3\xb3w</p>", "żółw"},
		{"shift_jis", "<meta charset=shift_jis><p>\x93\xfa\x96\x7b\x8c\xea abc</p>", "日本語 abc"},
		{"euc-jp", "<meta charset=euc-jp><p>\xc6\xfc\xcb\xdc</p>", "日本"},
		{"gbk", "<meta charset=gbk><p>\xd6\xd0\xce\xc4</p>", "中文"},
		{"big5", "<meta charset=big5><p>\xa4\xa4\xa4\xe5</p>", "中文"},
		{"euc-kr", "<meta charset=euc-kr><p>\xc7\xd1\xb1\xb9</p>", "한국"},
		{"iso-2022-jp", "<meta charset=iso-2022-jp><p>\x1b$BF|K\\\x1b(B x</p>", "日本 x"},
		{"utf-16le", "\xff\xfe<\x00p\x00>\x00\x1f\x04@\x04>\x00=\xd8\x00\xde<\x00/\x00p\x00>\x00", "Пр>\U0001F600"},
		{"utf-16be odd byte", "\xfe\xff\x00<\x00p\x00>\x00a\x00", "a\ufffd"},
		{"utf-16le lone surrogate", "\xff\xfe<\x00p\x00>\x00\x00\xd8a\x00", "\ufffda"},
		{"invalid shift_jis", "<meta charset=shift_jis><p>a\x81 b\xa0c\xef</p>", "a\ufffd b\ufffdc\ufffd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseFile(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Blocks) != 1 || d.Blocks[0].Text != tt.text {
				var texts []string
				for _, b := range d.Blocks {
					texts = append(texts, b.Text)
				}
				t.Fatalf("blocks %q, want [%q]", texts, tt.text)
			}
			checkTree(t, d)
			checkOffsetMap(t, d)
		})
	}
}

// checkOffsetMap checks that the document's offset map is monotone and
// covers the file exactly.
func checkOffsetMap(t *testing.T, d *Document) {
	t.Helper()
	if d.fmap == nil {
		if len(d.Src) > 0 && &d.Src[0] != &d.File[0] {
			t.Fatal("no map but Src is not File")
		}
		return
	}
	if d.FileOffset(0) != 0 && !bytes.HasPrefix(d.File, []byte("\x1b")) {
		t.Errorf("FileOffset(0) = %d", d.FileOffset(0))
	}
	if got := d.FileOffset(len(d.Src)); got != len(d.File) {
		t.Fatalf("FileOffset(end %d) = %d, want %d", len(d.Src), got, len(d.File))
	}
	prev := 0
	for i := 0; i <= len(d.Src); i++ {
		f := d.FileOffset(i)
		if f < prev || f > len(d.File) {
			t.Fatalf("FileOffset(%d) = %d after %d (file %d bytes)", i, f, prev, len(d.File))
		}
		prev = f
		// SrcOffset takes a character's file offset back to it.
		if i < len(d.Src) && (i == 0 || d.FileOffset(i-1) < f) {
			if back := d.SrcOffset(f); back != i {
				t.Fatalf("SrcOffset(FileOffset(%d) = %d) = %d", i, f, back)
			}
		}
	}
}

// encodeLike encodes UTF-8 text in the WHATWG encoding name, replacing
// characters the encoding lacks, and returns the bytes and the text they
// stand for.
func encodeLike(t *testing.T, name string, text []byte) ([]byte, []byte) {
	t.Helper()
	enc, err := htmlindex.Get(name)
	if err != nil {
		t.Fatal(err)
	}
	encoded, _, err := transform.Bytes(encoding.ReplaceUnsupported(enc.NewEncoder()), text)
	if err != nil {
		t.Fatalf("encode %s: %v", name, err)
	}
	decoded, _, err := transform.Bytes(enc.NewDecoder(), encoded)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return encoded, decoded
}

var metaCharsetRE = regexp.MustCompile(`(?i)<meta charset="?utf-8"?>`)

// TestEncodingsAgree checks every test article in several encodings
// against the same text in UTF-8: the same findings at the same lines
// and columns, offsets that name the same characters in the encoded
// file, and fixes that, written in the file's encoding, read back as the
// UTF-8 fix does.
func TestEncodingsAgree(t *testing.T) {
	eng := loadConfigRules(t, "../testdata/rules/house.copydesk.yml")
	encodings := []string{"windows-1251", "koi8-r", "windows-1252", "iso-8859-2", "shift_jis", "euc-jp", "gbk", "gb18030", "big5", "euc-kr", "utf-16le", "utf-16be"}
	files := testdataArticles(t)
	if testing.Short() {
		files = files[:3]
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range encodings {
			t.Run(filepath.Base(file)+"/"+name, func(t *testing.T) {
				text := src
				var bom []byte
				switch name {
				case "utf-16le":
					bom = []byte{0xff, 0xfe}
				case "utf-16be":
					bom = []byte{0xfe, 0xff}
				default:
					text = metaCharsetRE.ReplaceAll(src, []byte(`<meta charset="`+name+`">`))
					if bytes.Equal(text, src) {
						t.Skip("no <meta charset> to replace")
					}
				}
				encoded, ref := encodeLike(t, name, text)
				encoded = append(bom, encoded...)
				if name == "utf-16le" || name == "utf-16be" {
					ref = append([]byte("\ufeff"), ref...)
				}
				got := checkBytes(t, eng, encoded)
				want := checkBytes(t, eng, ref)
				if got.doc.Encoding != name {
					t.Fatalf("read as %s", got.doc.Encoding)
				}
				checkOffsetMap(t, got.doc)
				// The UTF-8 reference declares a legacy charset: drop the
				// parse warning that gives.
				want.findings = dropParseWarnings(want.findings)
				if bytes.IndexByte(ref, 0x1a) >= 0 {
					// The charset lacks characters of the text, which the
					// encoder wrote as SUB: a page that is rightly warned of.
					got.findings = slices.DeleteFunc(got.findings, func(f Finding) bool {
						return f.Rule.ID == rules.ParseWarningID && strings.Contains(f.Message, "replacement or control characters")
					})
				}
				if len(got.findings) != len(want.findings) {
					t.Fatalf("%d findings, want %d:\n%s\nwant\n%s", len(got.findings), len(want.findings), describeFindings(got.findings), describeFindings(want.findings))
				}
				for i := range got.findings {
					g, w := &got.findings[i], &want.findings[i]
					if g.Rule.ID != w.Rule.ID || g.Message != w.Message || g.Start.Line != w.Start.Line || g.Start.Column != w.Start.Column || g.End.Column != w.End.Column || g.Start.Column16 != w.Start.Column16 {
						t.Fatalf("finding %d:\n got %s\nwant %s", i, describeFindings(got.findings[i:i+1]), describeFindings(want.findings[i:i+1]))
					}
					if g.Start.Offset != g.Span.Start || g.End.Offset != g.Span.End {
						t.Fatalf("finding %d: position offsets %d-%d, span %v", i, g.Start.Offset, g.End.Offset, g.Span)
					}
					gotText := got.doc.Decode(encoded[g.Span.Start:g.Span.End])
					if name == "utf-16le" || name == "utf-16be" {
						gotText = decodeUTF16Bytes(t, name, encoded[g.Span.Start:g.Span.End])
					}
					if wantText := ref[w.Span.Start:w.Span.End]; !bytes.Equal(gotText, wantText) {
						t.Fatalf("finding %d (%s) names %q in the file, want %q", i, g.Rule.ID, gotText, wantText)
					}
					if g.Fix == nil {
						continue
					}
					for _, e := range g.Fix.Edits {
						if e.StartPos.Offset != e.Start || e.EndPos.Offset != e.End {
							t.Fatalf("finding %d: edit [%d,%d) has positions at %d-%d", i, e.Start, e.End, e.StartPos.Offset, e.EndPos.Offset)
						}
					}
					fixed, err := got.doc.Apply(g.Fix.Edits)
					if err != nil {
						t.Fatalf("finding %d: %v", i, err)
					}
					if !bytes.Equal(fixed[:min(len(bom), len(fixed))], bom) {
						t.Fatal("fix lost the byte order mark")
					}
					wantFixed := ApplyEdits(ref, w.Fix.Edits)
					gd, err := ParseFile("fixed", fixed)
					if err != nil {
						t.Fatal(err)
					}
					wd, err := ParseFile("fixed", wantFixed)
					if err != nil {
						t.Fatal(err)
					}
					if gt, wt := blockTextOf(gd), blockTextOf(wd); gt != wt {
						t.Fatalf("finding %d: fixed text differs:\n%s", i, testdiff.FirstLine(wt, gt))
					}
				}
			})
		}
	}
}

func decodeUTF16Bytes(t *testing.T, name string, b []byte) []byte {
	t.Helper()
	out, _ := decodeUTF16(b, name == "utf-16be")
	return out
}

type checked struct {
	doc      *Document
	findings []Finding
}

func checkBytes(t *testing.T, eng *Engine, src []byte) checked {
	t.Helper()
	d, err := ParseFile("t.html", src)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := eng.Check(d, Options{Jurisdictions: []string{"ru"}})
	if err != nil {
		t.Fatal(err)
	}
	return checked{d, fs}
}

func dropParseWarnings(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule.ID != rules.ParseWarningID {
			out = append(out, f)
		}
	}
	return out
}

func describeFindings(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %d:%d-%d:%d (utf16 %d) %s: %s\n", f.Start.Line, f.Start.Column, f.End.Line, f.End.Column, f.Start.Column16, f.Rule.ID, f.Message)
	}
	return b.String()
}

func blockTextOf(d *Document) string {
	var b strings.Builder
	for _, bl := range d.Blocks {
		b.WriteString(bl.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// TestApplyEncodes checks that fixes are written in the file's encoding,
// with numeric character references for what it lacks, and refused for
// a stateful encoding.
func TestApplyEncodes(t *testing.T) {
	tests := []struct {
		name, src, insert, want, err string
	}{
		{"utf-8", "<p>x</p>", "Фото — AP", "<p>xФото — AP</p>", ""},
		{"windows-1251", "<meta charset=windows-1251><p>\xf4</p>", "Фото — AP ©", "<meta charset=windows-1251><p>\xf4\xd4\xee\xf2\xee \x97 AP \xa9</p>", ""},
		{"koi8-r lacks the em dash", "<meta charset=koi8-r><p>\xc6</p>", "Фото — AP", "<meta charset=koi8-r><p>\xc6\xe6\xcf\xd4\xcf &#8212; AP</p>", ""},
		{"ascii file that declares a charset", "<meta charset=windows-1252><p>x</p>", "café", "<meta charset=windows-1252><p>xcaf\xe9</p>", ""},
		{"utf-16le", "\xff\xfe<\x00p\x00>\x00x\x00<\x00/\x00p\x00>\x00", "Ж", "\xff\xfe<\x00p\x00>\x00x\x00\x16\x04<\x00/\x00p\x00>\x00", ""},
		{"iso-2022-jp", "<meta charset=iso-2022-jp><p>\x1b$BF|\x1b(B</p>", "x", "", "cannot write fixes in iso-2022-jp, a stateful encoding"},
		{"utf-16 cut short", "\xff\xfe<\x00p\x00>\x00x\x00<", "y", "", "odd number of bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseFile(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			// Insert at the end of the paragraph's text.
			at := d.FileOffset(d.Blocks[0].Span.End)
			out, err := d.Apply([]Edit{{Start: at, End: at, Text: tt.insert}})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(out) != tt.want {
				t.Errorf("Apply = %q, want %q", out, tt.want)
			}
		})
	}
}

func TestCharmapASCIIIsIdentity(t *testing.T) {
	// decodeCharmap and decodeStepwise copy ASCII runs: check that every
	// such encoding of the HTML standard reads ASCII bytes as themselves.
	for _, name := range []string{"ibm866", "iso-8859-2", "iso-8859-3", "iso-8859-4", "iso-8859-5", "iso-8859-6", "iso-8859-7", "iso-8859-8", "iso-8859-8-i", "iso-8859-10", "iso-8859-13", "iso-8859-14", "iso-8859-15", "iso-8859-16", "koi8-r", "koi8-u", "macintosh", "windows-874", "windows-1250", "windows-1251", "windows-1252", "windows-1253", "windows-1254", "windows-1255", "windows-1256", "windows-1257", "windows-1258", "x-mac-cyrillic", "x-user-defined", "gbk", "gb18030", "big5", "euc-jp", "shift_jis", "euc-kr"} {
		enc, err := htmlindex.Get(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		ascii := make([]byte, 128)
		for i := range ascii {
			ascii[i] = byte(i)
		}
		out, _, err := transform.Bytes(enc.NewDecoder(), ascii)
		if err != nil || !bytes.Equal(out, ascii) {
			t.Errorf("%s does not read ASCII as itself: %q", name, out)
		}
	}
}

func TestNotHTML(t *testing.T) {
	tests := []struct {
		name, src, err string
	}{
		{"png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not HTML: PNG image"},
		{"jpeg", "\xff\xd8\xff\xe0\x00\x10JFIF", "not HTML: JPEG image"},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3", "not HTML: PDF document"},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00", "not HTML: gzip-compressed data"},
		{"zip", "PK\x03\x04\x14\x00", "not HTML: ZIP archive"},
		{"webp", "RIFF\x24\x00\x00\x00WEBPVP8 ", "not HTML: WebP image"},
		{"bzip2", "BZh91AY&SY", "not HTML: bzip2-compressed data"},
		{"utf-32", "\xff\xfe\x00\x00<\x00\x00\x00", "not HTML: UTF-32 text (browsers do not read UTF-32)"},
		{"nul in the first kilobyte", "<p>text\x00\x01\x02</p>", "not HTML: binary data (NUL byte at offset 7)"},
		{"nul in utf-16 text", "\xff\xfe<\x00\x00\x00", "not HTML: binary data (NUL byte at offset 4)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFile(tt.name, []byte(tt.src))
			if err == nil || err.Error() != tt.err || !errors.Is(err, ErrNotHTML) {
				t.Errorf("ParseFile error %v, want %q", err, tt.err)
			}
			// Parse accepts any bytes.
			if _, err := Parse(tt.name, []byte(tt.src)); err != nil {
				t.Errorf("Parse: %v", err)
			}
		})
	}
	// Text that merely starts like a signature, NULs after the first
	// kilobyte, and an empty file are HTML.
	for _, src := range []string{"BZh is a word", "GIF87 is a format", strings.Repeat("<p>x</p>", 200) + "\x00", "", "RIFF tales"} {
		if _, err := ParseFile("ok.html", []byte(src)); err != nil {
			t.Errorf("ParseFile(%.20q): %v", src, err)
		}
	}
}

// TestParseWarningFindings checks that parse warnings become findings of
// copydesk/parse-warning at their offset in the file, and that the rule
// can be turned off.
func TestParseWarningFindings(t *testing.T) {
	set := &rules.Set{}
	cfg := rules.DefaultConfig()
	cfg.Packs = nil
	loaded, err := rules.Load(cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	set.Rules = loaded.Rules
	eng, err := New(set)
	if err != nil {
		t.Fatal(err)
	}
	deep := strings.Repeat("<div>", 600) + "x"
	tests := []struct {
		name, src string
		offsets   []int
		msg       string
	}{
		{"deep", deep, []int{512 * 5}, "nested more than 512"},
		{"invalid utf-8", "<p>ok</p>\n<p>\xc3(</p>", []int{13}, "invalid UTF-8 (byte 0xc3)"},
		{"valid utf-8 declared koi8-r", "<p>x</p><meta charset=koi8-r><p>Ж</p>", []int{8}, "declares charset koi8-r but is valid UTF-8"},
		{"utf-16 document with deep markup", "\xff\xfe" + toUTF16LE(deep), []int{2 + 512*5*2}, "nested more than 512"},
		{"clean", "<p>x</p>", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseFile(tt.name, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			fs, err := eng.Check(d, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) != len(tt.offsets) {
				t.Fatalf("findings %s", describeFindings(fs))
			}
			for i, f := range fs {
				if f.Rule.ID != rules.ParseWarningID || f.Severity != rules.SevWarning || f.Span.Start != tt.offsets[i] || !strings.Contains(f.Message, tt.msg) {
					t.Errorf("finding %s at %d, want at %d with %q", describeFindings(fs[i:i+1]), f.Span.Start, tt.offsets[i], tt.msg)
				}
			}
			off, err := eng.Check(d, Options{Severities: map[string]rules.Severity{rules.ParseWarningID: rules.SevOff}})
			if err != nil || len(off) != 0 {
				t.Errorf("with the rule off: %v %s", err, describeFindings(off))
			}
		})
	}
}

func toUTF16LE(s string) string {
	var b []byte
	for _, r := range s {
		if r >= 0x10000 || !utf8.ValidRune(r) {
			panic("test text must be in the BMP")
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

// TestPositionLongLine checks the column checkpoints of long lines against
// a plain count from the start of the line, at every offset (inside
// characters too), with multi-byte and invalid bytes and a byte order mark.
func TestPositionLongLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("\ufeff")
	for i := 0; b.Len() < 5*markEvery; i++ {
		b.WriteString([]string{"a", "Ж", "\U0001F4F7", "\xff", "日", " ", "\xe2\x82"}[i%7])
	}
	b.WriteString("\nshort\n")
	// A long line of ASCII runs of every length (read eight bytes at a time).
	for i := 0; i < 4*markEvery/10; i++ {
		b.WriteString(strings.Repeat("q", i%23) + "é")
	}
	b.WriteString("\n")
	b.WriteString(strings.Repeat("x\U0001F600", 3*markEvery))
	src := []byte(b.String())
	d := &Document{Src: src}
	naive := func(off int) (int, int) {
		from := bytes.LastIndexByte(src[:off], '\n') + 1
		if from == 0 && off >= 3 {
			from = 3
		}
		col, col16 := 1, 1
		for s := src[from:off]; len(s) > 0; {
			r, size := utf8.DecodeRune(s)
			col++
			col16++
			if r >= 0x10000 {
				col16++
			}
			s = s[size:]
		}
		return col, col16
	}
	// Every offset near a checkpoint, and every 7th elsewhere, in order
	// and then backwards (the last position is not always a help).
	var offs []int
	for off := 3; off <= len(src); off++ {
		if off%markEvery < 8 || off%markEvery > markEvery-8 || off%7 == 0 {
			offs = append(offs, off)
		}
	}
	for pass := range 2 {
		for k := range offs {
			off := offs[k]
			if pass == 1 {
				off = offs[len(offs)-1-k]
			}
			p := d.Position(off)
			if col, col16 := naive(off); p.Column != col || p.Column16 != col16 {
				t.Fatalf("Position(%d) = col %d (utf16 %d), want %d (%d)", off, p.Column, p.Column16, col, col16)
			}
		}
	}
}

// TestParseSent checks the charset a document is sent with (an HTTP
// Content-Type): it overrides the page's own declaration, a byte order
// mark overrides it, valid UTF-8 sent as a legacy charset is read as UTF-8
// with a warning, and an unknown label is an error.
func TestParseSent(t *testing.T) {
	utf16le := []byte{'<', 0, 'p', 0, '>', 0, 0x1f, 0x04, '<', 0, '/', 0, 'p', 0, '>', 0}
	tests := []struct {
		name, src, label string
		enc, text, warn  string
		err              string
	}{
		{"no declaration", "<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "windows-1251", "windows-1251", "Привет", "", ""},
		{"overrides meta", "<meta charset=koi8-r><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>", "cp1251", "windows-1251", "Привет", "", ""},
		{"byte order mark wins", "\xef\xbb\xbf<p>Привет</p>", "windows-1251", "utf-8", "Привет", "", ""},
		{"utf-16 without a byte order mark", string(utf16le), "utf-16le", "utf-16le", "П", "", ""},
		{"valid utf-8 sent as latin-1", "<p>Привет</p>", "iso-8859-1", "utf-8", "Привет", "the page is sent as charset windows-1252 but is valid UTF-8", ""},
		{"utf-8 overrides a legacy meta", "<meta charset=koi8-r><p>Привет \xff</p>", "utf-8", "utf-8", "Привет", "invalid UTF-8", ""},
		{"no label", "<meta charset=koi8-r><p>\xf0</p>", "", "koi8-r", "П", "", ""},
		{"unknown label", "<p>x</p>", "klingon", "", "", "", `unsupported character encoding "klingon"`},
		{"replacement label", "<p>x</p>", "iso-2022-kr", "", "", "", `unsupported character encoding "iso-2022-kr"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseSent("a.html", []byte(tt.src), tt.label)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Encoding != tt.enc || !strings.Contains(string(d.Src), tt.text) {
				t.Errorf("read as %s: %q; want %s with %q", d.Encoding, d.Src, tt.enc, tt.text)
			}
			var warns []string
			for _, w := range d.Warnings {
				warns = append(warns, w.Message)
			}
			if got := strings.Join(warns, "; "); tt.warn == "" && got != "" || !strings.Contains(got, tt.warn) {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
		})
	}
}
