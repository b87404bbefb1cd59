package lint

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
	gowarc "github.com/nlnwa/gowarc/v3"
	"github.com/nlnwa/whatwg-url/url"
)

// The quick path of the WARC reader (docs/shards.md, "What it costs").
//
// gowarc reads a record by caching its whole block in a buffer that
// grows from 16 KiB as it is read (for a page of 120 KB, four times its
// size copied and thrown away), hashing an HTTP block twice (block and
// payload digests) and validating every header field (a URL parse of
// each URI): 4 to 5 times the CPU of reading the same pages from files.
// None of that can be turned off and the block still be read (with the
// spec policy at ErrIgnore, gowarc v3.1.0 neither caches nor keeps the
// block: it discards it before returning the record).
//
// So the records of a well-formed archive are read here: one block at a
// time into a buffer of its size, the digests of a page's record
// computed once each over it. This path only ever says yes to what it
// fully understands — a record that gowarc would read, as gowarc reads
// it, to a page whose digests match, or to a record copydesk skips —
// and hands every other record to gowarc, at its offset: a syntax it
// does not take (a missing carriage return, folded or encoded header
// lines, an unknown version or record type, bytes between records), a
// digest that does not match or is written in a way it does not take, a
// truncated or segmented record, a block over warcBufferMem, an error of
// any kind. What gowarc then reads — the page, the damage, the input
// error and its message, where the next record starts — is what it
// read before the quick path existed; TestWARCQuickPath compares the
// two readers record by record.

// errDefer is the quick path's answer for a record it leaves to gowarc.
var errDefer = errors.New("left to gowarc")

// quickWARC reads the records of an archive file from its start.
type quickWARC struct {
	f    io.ReadSeeker
	cr   countingReader
	br   *bufio.Reader // over cr
	base int64         // the file offset cr started at
	zr   *gzip.Reader  // reused for each gzip member
	zbr  *bufio.Reader // over zr
}

// countingReader counts what is read from a reader.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func newQuickWARC(f io.ReadSeeker) *quickWARC {
	q := &quickWARC{f: f, cr: countingReader{r: f}}
	q.br = bufio.NewReaderSize(&q.cr, 1<<20)
	return q
}

// pos is the file offset of the next byte the reader reads.
func (q *quickWARC) pos() int64 { return q.base + q.cr.n - int64(q.br.Buffered()) }

// seek moves the reader to a file offset.
func (q *quickWARC) seek(off int64) error {
	if _, err := q.f.Seek(off, io.SeekStart); err != nil {
		return err
	}
	q.base, q.cr.n = off, 0
	q.br.Reset(&q.cr)
	return nil
}

// quickRecord is a record as the quick path read it.
type quickRecord struct {
	typ            string // WARC-Type, in lower case
	uri            string // as gowarc's reader gives it (see archiveDocuments)
	warcType       string // the Content-Type field of the record
	block          []byte // the block of a response record; nil for other types
	blockDigest    string // the WARC-Block-Digest field, "" when there is none
	payloadDigest  string
	protocolHeader []byte // the HTTP header of a response block (see headerEnd)
}

// next reads the record at the reader's position. It returns io.EOF at
// the end of the file, errDefer (or another error) for a record to leave
// to gowarc, which the caller reads from the offset the record started
// at.
func (q *quickWARC) next() (*quickRecord, error) {
	head, err := q.br.Peek(5)
	if len(head) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	if err != nil {
		return nil, errDefer
	}
	r := q.br
	gz := head[0] == 0x1f && head[1] == 0x8b
	switch {
	case gz:
		if q.zr == nil {
			q.zr, err = gzip.NewReader(q.br)
		} else {
			err = q.zr.Reset(q.br)
		}
		if err != nil {
			return nil, errDefer
		}
		q.zr.Multistream(false)
		if q.zbr == nil {
			q.zbr = bufio.NewReaderSize(q.zr, 64<<10)
		} else {
			q.zbr.Reset(q.zr)
		}
		r = q.zbr
	case string(head) != "WARC/":
		return nil, errDefer
	}
	rec, err := readQuickRecord(r)
	if err != nil {
		return nil, err
	}
	if gz {
		// gowarc reads the member to its end (its CRC) and drops what
		// follows the record in it: take only members that end there.
		if n, err := io.Copy(io.Discard, q.zbr); n != 0 || err != nil {
			return nil, errDefer
		}
	}
	return rec, nil
}

// readQuickRecord reads one record: its version line, its header fields,
// its block and the CRLF CRLF that ends it.
func readQuickRecord(r *bufio.Reader) (*quickRecord, error) {
	line, err := r.ReadSlice('\n')
	if err != nil || (string(line) != "WARC/1.0\r\n" && string(line) != "WARC/1.1\r\n") {
		return nil, errDefer
	}
	rec := &quickRecord{}
	length := int64(-1)
	var truncated, segmented, hasURI, hasType bool
	seen := map[string]bool{}
	for {
		line, err := r.ReadSlice('\n')
		if err != nil || len(line) < 2 || line[len(line)-2] != '\r' {
			return nil, errDefer
		}
		line = line[:len(line)-2]
		if len(line) == 0 {
			break
		}
		// Folded lines, MIME encoded words, lines gowarc would take for
		// the end of the header or would not parse, names that are not
		// ASCII (gowarc lowers those by Unicode rules).
		if line[0] == ' ' || line[0] == '\t' || bytes.Contains(line, []byte("=?")) {
			return nil, errDefer
		}
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			return nil, errDefer
		}
		name := strings.ToLower(string(bytes.Trim(line[:colon], " \t")))
		for i := 0; i < len(name); i++ {
			if name[i] >= 0x80 {
				return nil, errDefer
			}
		}
		value := string(bytes.Trim(line[colon+1:], " \t"))
		switch name {
		case "warc-type", "content-length", "warc-target-uri", "content-type", "warc-block-digest", "warc-payload-digest":
			if seen[name] {
				return nil, errDefer
			}
			seen[name] = true
		}
		switch name {
		case "warc-type":
			rec.typ, hasType = strings.ToLower(value), true
		case "content-length":
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 || strconv.FormatInt(n, 10) != value {
				return nil, errDefer
			}
			length = n
		case "warc-target-uri":
			rec.uri, hasURI = value, true
		case "content-type":
			rec.warcType = value
		case "warc-block-digest":
			rec.blockDigest = value
		case "warc-payload-digest":
			rec.payloadDigest = value
		case "warc-truncated":
			truncated = true
		case "warc-segment-number":
			segmented = true
		}
	}
	switch rec.typ {
	case "warcinfo", "resource", "request", "metadata", "revisit", "conversion", "continuation":
	case "response":
	default:
		return nil, errDefer
	}
	if !hasType || length < 0 || truncated || segmented {
		return nil, errDefer
	}
	for _, d := range []string{rec.blockDigest, rec.payloadDigest} {
		// gowarc fails on a digest algorithm it does not know.
		if alg, _, _ := strings.Cut(d, ":"); d != "" && !knownDigest(alg) {
			return nil, errDefer
		}
	}
	isHTTP := strings.HasPrefix(strings.ToLower(rec.warcType), "application/http")
	if isHTTP && length < 4 && rec.typ != "warcinfo" && rec.typ != "metadata" && rec.typ != "revisit" {
		// gowarc fails on an HTTP block of fewer than 4 bytes.
		return nil, errDefer
	}
	if rec.typ != "response" || !isHTTP {
		// A record copydesk skips: not read into memory.
		for length > 0 {
			n, err := r.Discard(int(min(length, 1<<30)))
			if err != nil {
				return nil, errDefer
			}
			length -= int64(n)
		}
		rec.typ = "skipped"
	} else {
		if length > warcBufferMem || !hasURI {
			return nil, errDefer
		}
		rec.block = make([]byte, length)
		if _, err := io.ReadFull(r, rec.block); err != nil {
			return nil, errDefer
		}
		end, ok := headerEnd(rec.block)
		if !ok {
			return nil, errDefer
		}
		rec.protocolHeader = rec.block[:end]
		if rec.uri, ok = quickURI(rec.uri); !ok {
			return nil, errDefer
		}
	}
	if end, err := r.Peek(4); err != nil || string(end) != "\r\n\r\n" {
		return nil, errDefer
	}
	_, _ = r.Discard(4)
	return rec, nil
}

// knownDigest reports whether gowarc knows a digest algorithm.
func knownDigest(alg string) bool {
	switch strings.ToLower(alg) {
	case "", "md5", "sha1", "sha-1", "sha256", "sha-256", "sha512", "sha-512":
		return true
	}
	return false
}

// headerEnd returns where the HTTP header of a block ends as gowarc
// finds it: after the first line shorter than 3 bytes with its newline.
func headerEnd(block []byte) (int, bool) {
	for i := 0; i < len(block); {
		nl := bytes.IndexByte(block[i:], '\n')
		if nl < 0 {
			return 0, false
		}
		if nl+1 < 3 {
			return i + nl + 1, true
		}
		i += nl + 1
	}
	return 0, false
}

// quickURI returns the page's URI as archiveDocuments gets it from
// gowarc: the value of WARC-Target-URI when it parses as a URL (less
// any angle brackets at its ends), and when it does not, what
// bracketedURI recovers from gowarc's validation message; false when
// that is nothing.
func quickURI(value string) (string, bool) {
	var uri string
	if _, err := url.Parse(value); err == nil {
		uri = strings.Trim(value, "<>")
	} else {
		uri = bracketedURI([]error{&gowarc.HeaderFieldError{FieldName: gowarc.WarcTargetURI, Msg: err.Error()}})
	}
	return uri, uri != ""
}

// digestMatches reports whether a WARC digest field (algorithm:value)
// certainly holds the digest of data, as gowarc would find it: true only
// for an algorithm gowarc knows and a value in one of the encodings it
// decodes (base16, base32 and base64, padded or not). A value that does
// not match, or that it is not sure of, is for gowarc to judge.
func digestMatches(field string, data []byte) bool {
	alg, value, ok := strings.Cut(field, ":")
	if !ok || value == "" {
		return false
	}
	var h hash.Hash
	switch strings.ToLower(alg) {
	case "sha1", "sha-1":
		h = sha1.New()
	case "sha256", "sha-256":
		h = sha256.New()
	case "sha512", "sha-512":
		h = sha512.New()
	case "md5":
		h = md5.New()
	default:
		return false
	}
	h.Write(data)
	sum := h.Sum(nil)
	// Base16 and base32 are decoded in any case (gowarc changes the case
	// before it decodes), base64 as written.
	return strings.EqualFold(value, hex.EncodeToString(sum)) ||
		strings.EqualFold(value, base32.StdEncoding.EncodeToString(sum)) ||
		strings.EqualFold(value, base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum)) ||
		value == base64.StdEncoding.EncodeToString(sum) ||
		value == base64.RawStdEncoding.EncodeToString(sum)
}

// quickResponse is the HTTP response of a record read by the quick path.
type quickResponse struct {
	rec    *quickRecord
	status int
	header *http.Header
}

// response parses the HTTP header of a response record's block as gowarc
// does (net/http's ReadResponse); ok is false for a block that gowarc
// takes for no response (not starting with HTTP, or not parsed).
func (rec *quickRecord) response() (quickResponse, bool) {
	if !bytes.HasPrefix(rec.protocolHeader, []byte("HTTP")) {
		return quickResponse{}, false
	}
	resp, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(rec.protocolHeader)), nil)
	if err != nil {
		return quickResponse{}, false
	}
	return quickResponse{rec: rec, status: resp.StatusCode, header: &resp.Header}, true
}

// The body of a quick record, for pageDocument.
func (r quickResponse) payload() (io.Reader, error) {
	return bytes.NewReader(r.rec.block[len(r.rec.protocolHeader):]), nil
}
func (r quickResponse) protocolHeader() []byte { return r.rec.protocolHeader }
func (r quickResponse) size() int64            { return int64(len(r.rec.block) - len(r.rec.protocolHeader)) }
func (r quickResponse) bytes() []byte          { return r.rec.block[len(r.rec.protocolHeader):] }
func (r quickResponse) close()                 {}

// digestsMatch reports whether the record's digests certainly match its
// block and payload (see digestMatches); a record without digest fields
// has nothing to check.
func (rec *quickRecord) digestsMatch() bool {
	return (rec.blockDigest == "" || digestMatches(rec.blockDigest, rec.block)) &&
		(rec.payloadDigest == "" || digestMatches(rec.payloadDigest, rec.block[len(rec.protocolHeader):]))
}
