package lint

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"iter"
	"mime"
	"net/http"
	"net/http/httputil"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zlib"
	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/report"
)

// Web archives (WARC, ISO 28500: what crawlers, the Internet Archive,
// national libraries and wget --warc-file keep) are read with
// github.com/nlnwa/gowarc (docs/shards.md, "Web archives"): record by
// record from the stream, never whole, each record's block buffered in
// memory up to warcBufferMem (past that, in a temporary file) while its
// digests are checked.

// warcBufferMem is how much of one record the WARC reader holds in memory.
const warcBufferMem = 16 << 20

// IsArchive reports whether a path names a web archive by its name:
// *.warc or *.warc.gz, in any case.
func IsArchive(p string) bool {
	base := strings.ToLower(filepath.Base(p))
	return strings.HasSuffix(base, ".warc") || strings.HasSuffix(base, ".warc.gz")
}

// documents is the sequence of documents a run checks: the inputs, with
// each web archive replaced by its HTML responses, read as the run
// reaches them. An archive is read by one goroutine, in order; up to
// readers archives are read at once (the next ones while the run is in
// the first), each at most archiveAhead documents ahead, so that the
// decompression of many archives keeps up with many workers.
func (r *run) documents(ins []Input, readers int) iter.Seq[Input] {
	return func(yield func(Input) bool) {
		done := make(chan struct{})
		defer close(done)
		var queue []chan Input // the archives being read, in input order
		next := 0              // the next archive input to start reading
		// start starts reading the next archives; every archive before
		// the one the run is at has been started (and read) already.
		start := func() {
			for ; next < len(ins) && len(queue) < max(readers, 1); next++ {
				if !ins[next].Archive {
					continue
				}
				ch := make(chan Input, archiveAhead)
				queue = append(queue, ch)
				go func(in Input) {
					defer close(ch)
					r.env.archiveDocuments(in, r.maxSize, func(doc Input) bool {
						select {
						case ch <- doc:
							return true
						case <-done:
							return false
						}
					})
				}(ins[next])
			}
		}
		for _, in := range ins {
			if !in.Archive {
				if !yield(in) {
					return
				}
				continue
			}
			start()
			ch := queue[0]
			queue = queue[1:]
			for doc := range ch {
				if !yield(doc) {
					return
				}
			}
			start()
		}
	}
}

// newReaderMu serializes the making of WARC readers.
var newReaderMu sync.Mutex

// archiveAhead is how many documents an archive's reader reads ahead of
// the run.
const archiveAhead = 4

// archiveDocuments yields the documents of a web archive: one for each
// response record of status 200 whose body is HTML (Content-Type
// text/html or application/xhtml+xml, or none and HTML by sniffing, as
// browsers decide), named by its WARC-Target-URI and placed by the
// record's offset in the archive file, its body without the transfer and
// content codings of HTTP (chunked, gzip, deflate), with the charset of
// its Content-Type header (see checker.ParseSent). A record that cannot
// be read so is an input error of its own; an archive that cannot be
// read on is an input error after the records read before. It returns
// false when yield does.
//
// The records of a file that can seek are read by the quick path
// (warcfast.go), which leaves each record it does not take to gowarc,
// at its offset; others (a pipe) are read by gowarc alone.
func (e *Env) archiveDocuments(in Input, maxSize int64, yield func(Input) bool) bool {
	return e.readArchive(in, maxSize, true, yield)
}

// readArchive is archiveDocuments, with the quick path or without.
func (e *Env) readArchive(in Input, maxSize int64, quick bool, yield func(Input) bool) bool {
	fail := func(rec *report.Record, msg string) bool {
		return yield(Input{Path: in.Path, Record: rec, err: &report.InputError{Path: in.Path, Record: rec, Message: msg}})
	}
	f, err := e.fsys().Open(in.Abs)
	if err != nil {
		return fail(nil, IOMessage(err))
	}
	defer f.Close()
	var q *quickWARC
	if s, ok := f.(io.ReadSeeker); ok && quick {
		if _, err := s.Seek(0, io.SeekCurrent); err == nil {
			q = newQuickWARC(s)
		}
	}
	var r *gowarc.WarcFileReader
	if q == nil {
		// gowarc's options set a global of the uuid package each time (a
		// data race when archives are opened at once): open them one at a
		// time.
		newReaderMu.Lock()
		r, err = gowarc.NewWarcFileReaderFromStream(bufio.NewReaderSize(f, 256<<10), 0, gowarc.WithBufferMaxMemBytes(warcBufferMem))
		newReaderMu.Unlock()
		if err != nil {
			return fail(nil, "not a web archive: "+err.Error())
		}
		defer r.Close()
	}
	read := 0
	for {
		var start int64
		if q != nil {
			start = q.pos()
			qr, err := q.next()
			if err == io.EOF {
				return true
			}
			if err == nil {
				doc, ok, done := quickDocument(qr, &report.Record{Archive: in.Path, Offset: start}, maxSize)
				if done {
					read++
					if ok && !yield(doc) {
						return false
					}
					continue
				}
			}
			// gowarc reads the record, from where it starts.
			warcDeferred.Add(1)
			newReaderMu.Lock()
			r, err = gowarc.NewWarcFileReaderFromStream(seeker{q.f}, start, gowarc.WithBufferMaxMemBytes(warcBufferMem))
			newReaderMu.Unlock()
			if err != nil {
				return fail(&report.Record{Archive: in.Path, Offset: start}, fmt.Sprintf("cannot read the record at offset %d: %v; the archive was not read past it", start, err))
			}
		}
		rec, err := r.Next()
		if q != nil {
			r.Close() // the record's block is cached: it outlives the reader
		}
		if err == io.EOF {
			return true
		}
		place := &report.Record{Archive: in.Path, Offset: rec.Offset}
		if err != nil {
			if read == 0 {
				return fail(nil, "not a web archive (WARC): "+warcError(err).Error())
			}
			return fail(place, fmt.Sprintf("cannot read the record at offset %d: %v; the archive was not read past it", rec.Offset, warcError(err)))
		}
		read++
		doc, ok := recordDocument(rec, place, maxSize)
		if doc.Read == nil {
			rec.Close()
		}
		if ok && !yield(doc) {
			return false
		}
		if q != nil {
			if err := q.seek(rec.Offset + rec.Size); err != nil {
				return fail(place, fmt.Sprintf("cannot read past the record at offset %d: %v", rec.Offset, err))
			}
		}
	}
}

// warcDeferred counts the records the quick path left to gowarc (for
// tests).
var warcDeferred atomic.Int64

// seeker hides the Close of a file from the gowarc reader of one
// record, which closes what it reads when it is closed.
type seeker struct{ io.ReadSeeker }

// quickDocument returns the document of a record the quick path read,
// and false for a record that holds no HTML page; done is false for a
// record to leave to gowarc (one whose digests do not certainly match).
func quickDocument(rec *quickRecord, place *report.Record, maxSize int64) (doc Input, ok, done bool) {
	if rec.typ != "response" {
		return Input{}, false, true
	}
	resp, ok := rec.response()
	if !ok || resp.status != http.StatusOK {
		return Input{}, false, true
	}
	damaged := false
	doc, ok = pageDocument(rec.uri, place, resp, resp.header, maxSize, func() string {
		damaged = !rec.digestsMatch()
		return ""
	})
	return doc, ok, !damaged
}

// recordDocument returns the document of one record gowarc read, and
// false for a record that holds no HTML page (a request, metadata, a
// redirect, an image, a revisit).
func recordDocument(rec gowarc.Record, place *report.Record, maxSize int64) (Input, bool) {
	w := rec.WarcRecord
	if w.Type() != gowarc.Response {
		return Input{}, false
	}
	block, ok := w.Block().(gowarc.HttpResponseBlock)
	if !ok || block.HttpStatusCode() != http.StatusOK {
		return Input{}, false
	}
	uri := w.WarcHeader().GetId(gowarc.WarcTargetURI)
	if uri == "" {
		uri = bracketedURI(rec.Validation)
	}
	if uri == "" {
		uri = fmt.Sprintf("%s@%d", place.Archive, place.Offset)
	}
	header := block.HttpHeader()
	if header == nil {
		header = &http.Header{}
	}
	return pageDocument(uri, place, gowarcBody{rec, block}, header, maxSize, func() string {
		for _, v := range rec.Validation {
			var de *gowarc.DigestError
			if errors.As(v, &de) {
				return fmt.Sprintf("the record is damaged: its %s digest does not match its content", de.Algorithm)
			}
		}
		if w.WarcHeader().Has(gowarc.WarcTruncated) {
			return "the crawler truncated the page (WARC-Truncated: " + w.WarcHeader().Get(gowarc.WarcTruncated) + "): not checked"
		}
		return ""
	})
}

// warcBody is the body of an HTTP response record.
type warcBody interface {
	payload() (io.Reader, error) // as recorded, after the HTTP header
	protocolHeader() []byte      // the HTTP header as recorded
	size() int64                 // of the payload
	close()                      // releases the record
}

// gowarcBody is the body of a record gowarc read.
type gowarcBody struct {
	rec   gowarc.Record
	block gowarc.HttpResponseBlock
}

func (b gowarcBody) payload() (io.Reader, error) {
	r, err := b.block.PayloadBytes()
	if err != nil {
		return nil, warcError(err)
	}
	return r, nil
}
func (b gowarcBody) protocolHeader() []byte { return b.block.ProtocolHeaderBytes() }
func (b gowarcBody) size() int64            { return b.block.Size() - int64(len(b.block.ProtocolHeaderBytes())) }
func (b gowarcBody) close()                 { _ = b.rec.Close() }

// pageDocument returns the document of an HTTP response of status 200
// under uri, and false when its body is not HTML; damage says what
// makes the record unreadable, "" when nothing does (it is asked of a
// page only).
func pageDocument(uri string, place *report.Record, body warcBody, header *http.Header, maxSize int64, damage func() string) (Input, bool) {
	doc := Input{Path: uri, Record: place}
	fail := func(msg string) (Input, bool) {
		doc.err = &report.InputError{Path: uri, Record: place, Message: fmt.Sprintf("record at offset %d of %s: %s", place.Offset, place.Archive, msg)}
		return doc, true
	}
	mediaType, params, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		mediaType, params = "", nil
	}
	switch mediaType {
	case "text/html", "application/xhtml+xml":
	case "", "unknown/unknown", "application/unknown", "*/*":
		// Browsers sniff these (WHATWG MIME Sniffing, "rules for
		// identifying an unknown MIME type").
	default:
		return Input{}, false
	}
	sniffed := mediaType != "text/html" && mediaType != "application/xhtml+xml"
	if sniffed {
		src, err := readBody(body, header, maxSize)
		if err != nil {
			return fail(err.Error())
		}
		if !strings.HasPrefix(http.DetectContentType(src), "text/html") {
			return Input{}, false
		}
	}
	if msg := damage(); msg != "" {
		return fail(msg)
	}
	if cs := params["charset"]; checker.KnownCharset(cs) {
		// An unknown label is ignored, as browsers ignore it.
		doc.Charset = cs
	}
	// The body is read by the worker that checks it, not by the one
	// reader of the archive: the record's block is held (in memory up to
	// warcBufferMem) until then.
	doc.Read = func() ([]byte, error) {
		defer body.close()
		src, err := readBody(body, header, maxSize)
		if err != nil {
			return nil, fmt.Errorf("record at offset %d of %s: %w", place.Offset, place.Archive, err)
		}
		return src, nil
	}
	return doc, true
}

// readBody reads the body of an HTTP response record as a browser gets
// it (see httpBody), up to maxSize bytes.
func readBody(body warcBody, header *http.Header, maxSize int64) ([]byte, error) {
	te := transferCodings(body.protocolHeader())
	identity := len(te) == 0 && len(codings(header.Values("Content-Encoding"))) == 0
	if b, ok := body.(interface{ bytes() []byte }); ok && identity {
		// The payload in memory is the page: no copy.
		if src := b.bytes(); maxSize <= 0 || int64(len(src)) <= maxSize {
			return src, nil
		}
		return nil, fmt.Errorf("the page is larger than --max-size %s; not checked", FormatSize(maxSize))
	}
	payload, err := body.payload()
	if err != nil {
		return nil, err
	}
	r, err := httpBody(payload, header, te)
	if err != nil {
		return nil, err
	}
	size := int64(-1)
	if identity {
		size = body.size()
		if maxSize > 0 {
			size = min(size, maxSize)
		}
	}
	src, err := readLimited(r, size, maxSize)
	var tl *tooLargeError
	switch {
	case errors.As(err, &tl):
		return nil, fmt.Errorf("the page is larger than --max-size %s; not checked", FormatSize(maxSize))
	case err != nil:
		return nil, fmt.Errorf("reading the page: %w", err)
	}
	return src, nil
}

// bracketedURI recovers a WARC-Target-URI written in angle brackets, as
// wget writes it (the WARC 1.0 grammar reads so): gowarc's validation
// takes "<http://…>" for a URL without a scheme and empties the field,
// leaving the value in its validation error ("… Url: '<http://…>'").
func bracketedURI(validation []error) string {
	for _, v := range validation {
		var he *gowarc.HeaderFieldError
		if !errors.As(v, &he) || he.FieldName != gowarc.WarcTargetURI {
			continue
		}
		_, quoted, ok := strings.Cut(he.Msg, "Url: '<")
		if i := strings.LastIndex(quoted, ">'"); ok && i >= 0 {
			return quoted[:i]
		}
	}
	return ""
}

// httpBody undoes the transfer and content codings of an HTTP body, as
// a browser does before it parses the page. Its gzip and deflate are
// klauspost/compress's (which gowarc reads gzipped archives with): they
// inflate the corpus pages in two thirds of the time of compress/gzip.
func httpBody(r io.Reader, h *http.Header, te []string) (io.Reader, error) {
	for _, te := range te {
		switch te {
		case "chunked":
			r = httputil.NewChunkedReader(r)
		case "identity":
		default:
			return nil, fmt.Errorf("Transfer-Encoding %s is not supported", te)
		}
	}
	ce := codings(h.Values("Content-Encoding"))
	for i := len(ce) - 1; i >= 0; i-- {
		var err error
		switch ce[i] {
		case "gzip", "x-gzip":
			r, err = gzip.NewReader(r)
		case "deflate":
			r, err = inflate(r)
		case "identity":
		default:
			return nil, fmt.Errorf("Content-Encoding %s is not supported", ce[i])
		}
		if err != nil {
			return nil, fmt.Errorf("Content-Encoding %s: %v", ce[i], err)
		}
	}
	return r, nil
}

// transferCodings returns the Transfer-Encoding of an HTTP header as
// recorded (net/http, which parses the header, moves it out of the
// header fields).
func transferCodings(header []byte) []string {
	var values []string
	for _, line := range strings.Split(string(header), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Transfer-Encoding") {
			values = append(values, value)
		}
	}
	return codings(values)
}

// inflate reads an HTTP deflate body: zlib as the standard says, or raw
// deflate as some servers send it and browsers accept.
func inflate(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if len(head) == 2 && head[0]&0x0f == 8 && (uint16(head[0])<<8|uint16(head[1]))%31 == 0 {
		return zlib.NewReader(br)
	}
	return flate.NewReader(br), nil
}

// codings splits the values of a coding header into lower-case names.
func codings(values []string) []string {
	var out []string
	for _, v := range values {
		for _, c := range strings.Split(v, ",") {
			if c = strings.ToLower(strings.TrimSpace(c)); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// warcError words an error of the WARC reader.
func warcError(err error) error {
	return errors.New(strings.TrimPrefix(err.Error(), "gowarc: "))
}
