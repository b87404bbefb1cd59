package ledger

import (
	"hash/fnv"
	"regexp"
	"strings"
	"unicode"

	"github.com/copydesk/copydesk/checker"
	"golang.org/x/net/html"
)

// maxPlantSize is the largest page the planted-recall test plants into
// (it checks each planted copy twice; the few pages above 400 KB would
// take more time than all the others).
const maxPlantSize = 400 << 10

// hostPage is a page as the plantings see it: its bytes (UTF-8 pages
// only, as plantings splice bytes), tree, article body, and the default
// packs' findings on the page as it is.
type hostPage struct {
	path     string
	src      []byte
	doc      *checker.Document
	body     []*html.Node // the article body the engine chose
	findings []Finding    // default section, on the page as it is
	seed     uint32       // from the path: picks a variant of a planting
}

// newHostPage returns the page as the plantings see it, or nil when it
// cannot host any.
func newHostPage(p *corpusPage, doc *checker.Document, c *Checker) *hostPage {
	if doc.Encoding != "utf-8" || len(doc.Src) > maxPlantSize {
		return nil
	}
	body := c.Engine.Content(doc).Nodes
	if len(body) == 0 || body[0].Type != html.ElementNode {
		return nil
	}
	h := fnv.New32a()
	h.Write([]byte(p.path))
	return &hostPage{path: p.path, src: doc.Src, doc: doc, body: body, findings: p.findings["default"], seed: h.Sum32()}
}

// pick returns a number in [0, n) that depends on the page only.
func (h *hostPage) pick(n int) int {
	if n <= 0 {
		return 0
	}
	return int(h.seed % uint32(n))
}

// english reports whether the page declares English (<html lang="en…">).
func (h *hostPage) english() bool {
	return strings.HasPrefix(strings.ToLower(h.doc.Lang), "en")
}

// insert returns the page with s inserted at offset off.
func (h *hostPage) insert(off int, s string) []byte {
	out := make([]byte, 0, len(h.src)+len(s))
	out = append(out, h.src[:off]...)
	out = append(out, s...)
	return append(out, h.src[off:]...)
}

// edit returns the page with its bytes [start, end) replaced by s.
func edit(src []byte, start, end int, s string) []byte {
	out := make([]byte, 0, len(src)+len(s)-(end-start))
	out = append(out, src[:start]...)
	out = append(out, s...)
	return append(out, src[end:]...)
}

// text returns the visible text of element n.
func (h *hostPage) text(n *html.Node) string {
	return spanText(h.doc, h.doc.Span(n), 2000)
}

// furnitureBetween reports whether an element between n (included) and
// the article body (excluded) is page furniture: an aside, nav, header,
// footer, form, or a class or id that names related stories, teasers,
// comments, share boxes, ads and the like.
func (h *hostPage) furnitureBetween(n *html.Node) bool {
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		for _, b := range h.body {
			if n == b {
				return false
			}
		}
		switch n.Data {
		case "aside", "nav", "header", "footer", "form", "blockquote", "figure", "figcaption", "li", "td", "th", "dialog":
			return true
		}
		if furniture.MatchString(attr(n, "class") + " " + attr(n, "id")) {
			return true
		}
	}
	return false
}

// inBody returns the article body element that holds n, or nil.
func (h *hostPage) inBody(n *html.Node) *html.Node {
	for _, b := range h.body {
		if within(n, b) {
			return b
		}
	}
	return nil
}

// paragraphs returns the article's paragraphs of at least min
// characters, in document order: visible <p> elements of the article
// body that are not inside quotes, figures, lists, tables or page
// furniture.
func (h *hostPage) paragraphs(min int) []*html.Node {
	var out []*html.Node
	for _, b := range h.body {
		walk(b, func(n *html.Node) {
			if n.Data != "p" || h.doc.Hidden(n) || h.furnitureBetween(n.Parent) && !h.isBody(n.Parent) {
				return
			}
			if len([]rune(h.text(n))) >= min {
				out = append(out, n)
			}
		})
	}
	return out
}

func (h *hostPage) isBody(n *html.Node) bool {
	for _, b := range h.body {
		if n == b {
			return true
		}
	}
	return false
}

// bodyElement returns the page's <body>, or nil.
func (h *hostPage) bodyElement() *html.Node {
	var body *html.Node
	walk(h.doc.Root, func(n *html.Node) {
		if body == nil && n.Data == "body" {
			body = n
		}
	})
	return body
}

// afterBody returns the offset just after the article body, outside the
// story text: after its end tag, or before </body> when the body is the
// whole <body>.
func (h *hostPage) afterBody() int {
	last := h.body[len(h.body)-1]
	if last.Data == "body" || last.Data == "html" {
		return h.doc.Inner(last).End
	}
	return h.doc.Span(last).End
}

// letters counts the letters in s.
func letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// speechRE matches what names a speaker in a paragraph before a quote:
// a verb of speech, a statement or an interview, or a closing colon.
// It is the test's own list, wider than the attribution pack's
// speech_verbs (and than the verbs the issue asks it to add).
var speechRE = regexp.MustCompile(`(?i)\b(?:said|says|say|saying|told|tells|tell|according|added|adds|asked|asks|wrote|writes|explain\w*|not(?:ed|es)|warn\w*|stat(?:ed|es)|declar\w*|announc\w*|insist\w*|argu\w*|claim\w*|repl\w*|respond\w*|continu\w*|recall\w*|stress\w*|admit\w*|urg\w*|describ\w*|report\w*|tweet\w*|posted|comment\w*|remark\w*|statement|interview\w*|spokes\w*|quot\w*|put it|recount\w*|conclud\w*|observ\w*|suggest\w*|acknowledg\w*|conced\w*|confirm\w*|den(?:y|ies|ied)|joked|laughed|shouted|whisper\w*|yelled|vow\w*|promis\w*|predict\w*|testif\w*|charg\w*|contend\w*|penned|fum\w*|interject\w*|lament\w*|accus\w*|indicat\w*|point\w* out|emphasi[sz]\w*|caution\w*|complain\w*|boast\w*|mus(?:ed|es)|quip\w*|object\w*|retort\w*|counter\w*|demand\w*|plead\w*|express\w*|mention\w*|reveal\w*|admit\w*|agree\w*|sa(?:id|ys) of)\b|:\s*$`)

// quoteMarks are the quotation marks of a paragraph that quotes.
const quoteMarks = "“”\"„«»‘’"

// datelineRE matches a paragraph that already opens with a dateline.
var datelineRE = regexp.MustCompile(`^\p{Lu}[\p{L}\p{N} .,'’-]{1,60}(?:\([^)]{1,25}\))?\s*(?:—|–|--?)\s`)

// wireCreditRE matches an agency credit a story may already carry.
var wireCreditRE = regexp.MustCompile(`(?i)with reporting by|contributed to this (?:report|story)|reporting by [^.;]{1,60}; editing by|\((?:AP|Reuters|AFP|dpa|Yonhap|Xinhua|EFE|ANSA|Kyodo|UPI|PA|Bloomberg|Interfax|TASS)\)\s*(?:—|–|--?)`)

// creditRE matches a photo credit in caption text (the test's own
// pattern, for finding credits to remove): a credit word before a name,
// ©, an agency's "AP Photo/" or "REUTERS/", or "Name/AGENCY".
var creditRE = regexp.MustCompile(`©|&copy;|&#169;|&#[xX][aA]9;|（Ｃ）|\((?:[\w-]+\.)+[a-z]{2,}\)\s*$|(?i:фото)\s*@|\b(?:Imago|IMAGO)\s?/|\(\s*Dok\.|\bPhoto\s+\p{Lu}{1,5}\s?/\s?\p{Lu}|(?:뉴스1|뉴시스|연합뉴스)\s*$|\p{Hangul}{1,6}\s*=\s*\p{Hangul}{2,4}\s*기자|(?:^|[^\p{L}\p{N}])(?i:photo(?:graph)?s?|pictures?|images?|fotos?|bild|bildquelle|credits?|source|quelle|fuente|crédits?(?: photo)?|crédito|ảnh|фото|symbolfoto|zdjęcie)\s*(?::|=|by\s)|(?i:\bAP Photo/|\bReuters/|사진 출처|\bcourtesy of\b)|\p{Lu}[\p{L}.'’-]+(?:\s\p{Lu}[\p{L}.'’-]+)*\s?/\s?(?:AP|AFP|Reuters|REUTERS|Getty Images|EPA|dpa|DPA|Imago|IMAGO|ZUMA|Allsport|Allstar|Xinhua|Anadolu|Shutterstock|WireImage|MASHABLE)\b`)

// creditClassRE matches the class of an element that holds a photo
// credit.
var creditClassRE = regexp.MustCompile(`(?i)credit|copyright|caption_?_?author|source|photographer|fotograf|urheber`)

// photoFigure reports whether figure f is a photo of the article: a
// visible figure in the article body, outside page furniture (the
// article's own header, with its lead photo, is none), with an image
// that is not a vector graphic (an SVG placeholder whose lazy loader
// holds a JPEG or WebP is a photo), and no video player.
func (h *hostPage) photoFigure(f *html.Node) bool {
	if h.doc.Hidden(f) || h.inBody(f) == nil || h.photoFurnitureBetween(f.Parent) && !h.isBody(f.Parent) {
		return false
	}
	if furniture.MatchString(attr(f, "class")) {
		return false
	}
	photo, player := false, false
	walk(f, func(n *html.Node) {
		switch n.Data {
		case "img", "amp-img", "a-img", "picture":
			if src := strings.ToLower(attr(n, "src")); !strings.HasSuffix(src, ".svg") && !strings.HasPrefix(src, "data:image/svg") || lazyPhotoRE.MatchString(attr(n, "data-src")+" "+attr(n, "data-srcset")+" "+attr(n, "srcset")+" "+attr(n, "data-original")+" "+attr(n, "data-lazy-src")) {
				photo = true
			}
		case "video", "iframe", "audio", "object":
			player = true
		}
	})
	return photo && !player
}

// lazyPhotoRE matches a photo's file in a lazy loader's attributes: an
// image whose src is a placeholder (an SVG, a data: URL) and whose
// data-src or srcset holds a JPEG or WebP is a photo.
var lazyPhotoRE = regexp.MustCompile(`(?i)\.(?:jpe?g|webp|avif)(?:[?#&\s,]|$)`)

// photoFurniture is furniture less the header: for a photo, the article's
// own header (inside the article body) holds its lead photo.
var photoFurniture = regexp.MustCompile(strings.Replace(furniture.String(), "|header|", "|", 1))

// photoFurnitureBetween is furnitureBetween for a photo: an article
// header (a <header>, or a class that says header) between the photo and
// the article body is no furniture, as the article's lead photo stands
// in it.
func (h *hostPage) photoFurnitureBetween(n *html.Node) bool {
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		if h.isBody(n) {
			return false
		}
		switch n.Data {
		case "aside", "nav", "footer", "form", "blockquote", "figure", "figcaption", "li", "td", "th", "dialog":
			return true
		}
		if photoFurniture.MatchString(attr(n, "class") + " " + attr(n, "id")) {
			return true
		}
	}
	return false
}

// figures returns the photo figures of the article.
func (h *hostPage) figures() []*html.Node {
	var out []*html.Node
	for _, b := range h.body {
		walk(b, func(n *html.Node) {
			if n.Data == "figure" && h.photoFigure(n) {
				out = append(out, n)
			}
		})
	}
	return out
}

// captionClassRE matches the class of a caption element outside
// <figcaption>.
var captionClassRE = regexp.MustCompile(`(?i)caption|legend|bildtext|bildunterschrift`)

// looseImages returns the photos of the article that are not in a
// <figure>: an element with one image and a caption element (a class
// that says caption: WordPress's div.wp-caption and p.wp-caption-text,
// a div.image with a span.caption, …) and little else, as pairs of the
// box and its caption.
func (h *hostPage) looseImages() [][2]*html.Node {
	var out [][2]*html.Node
	seen := map[*html.Node]bool{}
	for _, b := range h.body {
		walk(b, func(c *html.Node) {
			if c.Data == "figcaption" || !captionClassRE.MatchString(attr(c, "class")) || h.doc.Hidden(c) {
				return
			}
			for a := c.Parent; a != nil; a = a.Parent {
				if a.Data == "figure" {
					return
				}
			}
			box := c.Parent
			for i := 0; i < 3 && box != nil && h.inBody(box) != nil; i, box = i+1, box.Parent {
				imgs := 0
				walk(box, func(n *html.Node) {
					if n.Data == "img" || n.Data == "amp-img" {
						imgs++
					}
				})
				if imgs == 0 {
					continue
				}
				if imgs == 1 && !seen[box] && h.photoBox(box) && len([]rune(h.boxText(box, c))) <= len([]rune(h.text(c)))+40 {
					seen[box] = true
					out = append(out, [2]*html.Node{box, c})
				}
				return
			}
		})
	}
	return out
}

// boxText is the text of photo box n less its credit elements (an
// image, its caption and a long credit are a photo box).
func (h *hostPage) boxText(n, c *html.Node) string {
	skip := map[*html.Node]bool{}
	for _, e := range creditElements(n, c) {
		skip[e] = true
	}
	if len(skip) == 0 {
		return h.text(n)
	}
	return nodeText(n, skip)
}

// photoBox is photoFigure for an element that is not a figure.
func (h *hostPage) photoBox(n *html.Node) bool {
	return h.photoFigure(n)
}

// caption returns the caption of figure f: its figcaption, or an
// element whose class says caption.
func caption(f *html.Node) *html.Node {
	var c *html.Node
	walk(f, func(n *html.Node) {
		if c == nil && (n.Data == "figcaption" || strings.Contains(strings.ToLower(attr(n, "class")), "caption")) {
			c = n
		}
	})
	return c
}

// creditElements returns the outermost elements of photo box f whose
// class (or itemprop: author, copyrightHolder, …) says they hold a
// credit, and that name someone: the whole of <div
// class="photographer"><span class="photographer">Foto:</span>
// Name</div>; a figure's own <footer> (its credit line). The caption,
// cap, is not a credit element whatever its class.
func creditElements(f, cap *html.Node) []*html.Node {
	var out []*html.Node
	walk(f, func(n *html.Node) {
		if n == cap || n.Data == "figcaption" && attr(n, "itemprop") == "" || !creditClassRE.MatchString(attr(n, "class")) && !creditPropRE.MatchString(attr(n, "itemprop")) && (n.Data != "footer" || n.Parent != f || f.Data != "figure") {
			return
		}
		for _, o := range out {
			if within(n, o) {
				return
			}
		}
		if letters(creditLabelRE.ReplaceAllString(nodeText(n, nil), "")) >= 2 {
			out = append(out, n)
		}
	})
	return out
}

// creditPropRE matches the itemprop of an element that holds a photo
// credit (<figcaption itemprop="author">Name/Agency</figcaption>).
var creditPropRE = regexp.MustCompile(`^(?:author|copyrightHolder|creditText|copyrightNotice)$`)

// creditLabelRE matches the words that label a credit: an element with
// nothing else, "(Bild: )", credits nobody.
var creditLabelRE = regexp.MustCompile(`(?i)photos?|fotos?|bild|image|credits?|source|quelle|copyright`)

// priceRE matches a price: a caption with one is a product shot's, which
// needs no photo credit.
var priceRE = regexp.MustCompile(`\d\s?(?:€|\$|£)|(?:€|\$|£|\bEUR|\bUSD)\s?\d`)

// nodeText returns the text of the text nodes under n, leaving out the
// elements in skip.
func nodeText(n *html.Node, skip map[*html.Node]bool) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case skip[c]:
			case c.Type == html.TextNode:
				b.WriteString(c.Data)
				b.WriteByte(' ')
			case c.Type == html.ElementNode && c.Data != "script" && c.Data != "style":
				rec(c)
			}
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// titleCredit reports whether an element of f (the image, its link) but
// those inside the credit elements els shows a credit in its tooltip
// (title="© Name"): removing the caption's would leave one a reader sees
// on hover.
func titleCredit(f *html.Node, els ...*html.Node) bool {
	found := false
	walk(f, func(n *html.Node) {
		for _, e := range els {
			if within(n, e) {
				return
			}
		}
		found = found || creditRE.MatchString(html.UnescapeString(attr(n, "title")))
	})
	return found
}

// dataCredit reports whether an element of f carries a credit in an
// attribute.
func dataCredit(f *html.Node) bool {
	found := attr(f, "data-credit") != ""
	walk(f, func(n *html.Node) { found = found || attr(n, "data-credit") != "" || attr(n, "data-copyright") != "" })
	return found
}
