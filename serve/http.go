package serve

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
)

// The routes of the service; their paths are also the handler label of
// the request metrics ("other" for paths that match none).
const (
	routeCheck   = "/v1/check"
	routeRules   = "/v1/rules"
	routeHealth  = "/healthz"
	routeMetrics = "/metrics"
	routeOther   = "other"
)

// defaultDocPath names a document sent without a path.
const defaultDocPath = "article.html"

// maxDocPath is the longest path a request may give, in bytes.
const maxDocPath = 1024

// statusClientClosed is logged and counted (as nginx does) for a request
// whose client went away before it was answered.
const statusClientClosed = 499

// handler routes the requests. Every route counts its requests, logs them
// and recovers from panics; /v1/ and /metrics need the bearer token when
// one is set, /healthz never does.
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle(routeCheck, s.route(routeCheck, http.MethodPost, true, s.handleCheck))
	mux.Handle(routeRules, s.route(routeRules, http.MethodGet, true, s.handleRules))
	mux.Handle(routeHealth, s.route(routeHealth, http.MethodGet, false, s.handleHealth))
	mux.Handle(routeMetrics, s.route(routeMetrics, http.MethodGet, true, s.handleMetrics))
	mux.Handle("/", s.route(routeOther, "", false, handleNotFound))
	return mux
}

// statusWriter records what a handler answered, for the access log and
// the metrics.
type statusWriter struct {
	http.ResponseWriter
	code  int
	bytes int64
	attrs []slog.Attr // handler-specific access log attributes
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Unwrap gives http.ResponseController the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logAttrs adds attributes to the access log line of a request.
func logAttrs(w http.ResponseWriter, attrs ...slog.Attr) {
	if sw, ok := w.(*statusWriter); ok {
		sw.attrs = append(sw.attrs, attrs...)
	}
}

// route wraps a handler with the method check, authentication, metrics,
// the access log and panic recovery.
func (s *Server) route(name, method string, auth bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		s.metrics.begin()
		defer func() {
			v := recover()
			if v != nil && v != http.ErrAbortHandler {
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.code == 0 {
					writeError(sw, http.StatusInternalServerError, "internal error")
				}
			}
			code := sw.code
			if code == 0 {
				code = http.StatusOK
			}
			d := time.Since(start)
			s.metrics.end(name, code)
			level := slog.LevelInfo
			if code >= 500 {
				level = slog.LevelWarn
			}
			attrs := append([]slog.Attr{
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Int("status", code),
				slog.Int64("bytes", sw.bytes),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000),
				slog.String("remote", r.RemoteAddr),
			}, sw.attrs...)
			if id := r.Header.Get("X-Request-Id"); id != "" {
				attrs = append(attrs, slog.String("request_id", id))
			}
			s.log.LogAttrs(r.Context(), level, "request", attrs...)
			if v == http.ErrAbortHandler {
				panic(v)
			}
		}()
		sw.Header().Set("X-Content-Type-Options", "nosniff")
		if method != "" && r.Method != method && (method != http.MethodGet || r.Method != http.MethodHead) {
			allow := method
			if method == http.MethodGet {
				allow += ", " + http.MethodHead
			}
			sw.Header().Set("Allow", allow)
			writeError(sw, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: method not allowed (allowed: %s)", r.Method, r.URL.Path, allow))
			return
		}
		if auth && !s.authorized(r) {
			sw.Header().Set("WWW-Authenticate", `Bearer realm="copydesk"`)
			writeError(sw, http.StatusUnauthorized, "missing or wrong bearer token (Authorization: Bearer TOKEN)")
			return
		}
		h(sw, r)
	})
}

// authorized reports whether the request carries the bearer token (or no
// token is required). The comparison takes the same time whatever the
// token: both sides are hashed, and the hashes compared in constant time.
func (s *Server) authorized(r *http.Request) bool {
	want := s.token.Load()
	if want == nil {
		return true
	}
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	a := sha256.Sum256([]byte(strings.TrimSpace(got)))
	b := sha256.Sum256(*want)
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// writeError answers a request with a status and a JSON body
// {"error": "message"}.
func writeError(w http.ResponseWriter, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	writeJSONBody(w, struct {
		Error string `json:"error"`
	}{msg})
}

func writeJSONBody(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // the client may be gone; the access log has the status
}

func handleNotFound(w http.ResponseWriter, r *http.Request) {
	writeError(w, http.StatusNotFound, fmt.Sprintf("%s: no such endpoint (endpoints: POST %s, GET %s, GET %s, GET %s)",
		r.URL.Path, routeCheck, routeRules, routeHealth, routeMetrics))
}

// checkRequest is the JSON body of POST /v1/check.
type checkRequest struct {
	HTML          *string  `json:"html"`
	Path          string   `json:"path"`
	Jurisdictions []string `json:"jurisdictions"`
}

// checkQuery tells whether k is a query parameter of POST /v1/check and
// whether it may repeat.
func checkQuery(k string) (known, repeatable bool) {
	switch k {
	case "jurisdiction":
		return true, true
	case "path", "format", "fail_on":
		return true, false
	}
	return false, false
}

// serveFormat returns the media type of a report format /v1/check
// answers in.
func serveFormat(name string) (mediaType string, ok bool) {
	switch name {
	case "json":
		return "application/json; charset=utf-8", true
	case "sarif":
		return "application/sarif+json; charset=utf-8", true
	case "html":
		return "text/html; charset=utf-8", true
	}
	return "", false
}

// handleCheck checks one article. Cheap validation comes first; then the
// request is admitted (or refused with 503 when the queue is full), its
// body read within the size limit, and the check run when a slot frees.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		// A ";" separator or a bad %-escape: url.Query would drop the
		// pair silently.
		s.reject(w, r, http.StatusBadRequest, "malformed query string: "+err.Error())
		return
	}
	for k, vs := range q {
		known, repeatable := checkQuery(k)
		if !known {
			s.reject(w, r, http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q (parameters: path, jurisdiction, format, fail_on)", k))
			return
		}
		if !repeatable && len(vs) > 1 {
			s.reject(w, r, http.StatusBadRequest, fmt.Sprintf("query parameter %q is given more than once", k))
			return
		}
	}
	formatName := q.Get("format")
	if formatName == "" {
		formatName = "json"
		if strings.Contains(r.Header.Get("Accept"), "application/sarif+json") {
			formatName = "sarif"
		}
	}
	mediaType, ok := serveFormat(formatName)
	if !ok {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("format %q: expected json, sarif or html", formatName))
		return
	}
	format, ok := report.Lookup(formatName)
	if !ok {
		writeError(w, http.StatusNotAcceptable, fmt.Sprintf("format %q is not available in this build of copydesk (formats: %s)", formatName, report.FormatNames()))
		return
	}
	failOn := s.opts.FailOn
	if v := q.Get("fail_on"); v != "" {
		sev, err := lint.ParseFailOn(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("fail_on %q: expected error, warning, info or none", v))
			return
		}
		failOn = sev
	}
	isJSON, cs, err := checkContentType(r.Header.Get("Content-Type"))
	if err != nil {
		writeError(w, http.StatusUnsupportedMediaType, err.Error())
		return
	}
	if r.ContentLength > s.opts.MaxBody {
		s.reject(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body (%s) is larger than the limit of %s", lint.FormatSize(r.ContentLength), lint.FormatSize(s.opts.MaxBody)))
		return
	}

	// The body is read before the request is admitted, in a pool of its
	// own and against its own deadline: a client that sends slowly holds
	// a read slot for at most that long, and never a check slot.
	select {
	case s.reading <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "1")
		s.reject(w, r, http.StatusServiceUnavailable, "busy: too many request bodies being received; retry later")
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Now().Add(min(s.opts.ReadTimeout, bodyTimeout)))
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	<-s.reading
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			s.reject(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is larger than the limit of %s", lint.FormatSize(s.opts.MaxBody)))
		case errors.Is(err, os.ErrDeadlineExceeded):
			w.Header().Set("Connection", "close")
			writeError(w, http.StatusRequestTimeout, fmt.Sprintf("the request body did not arrive within %s", min(s.opts.ReadTimeout, bodyTimeout)))
		default:
			writeError(w, http.StatusBadRequest, "reading the request body: "+err.Error())
		}
		return
	}

	select {
	case s.admit <- struct{}{}:
	default:
		w.Header().Set("Retry-After", "1")
		writeError(w, http.StatusServiceUnavailable, "busy: too many checks running and waiting; retry later")
		return
	}
	admitted := true
	release := func() {
		if admitted {
			<-s.admit
			admitted = false
		}
	}
	defer release()

	src, path, jurisdictions := body, q.Get("path"), q["jurisdiction"]
	if isJSON {
		var req checkRequest
		if err := decodeStrict(body, &req); err != nil {
			writeError(w, http.StatusBadRequest, "JSON body: "+strings.TrimPrefix(err.Error(), "json: "))
			return
		}
		if req.HTML == nil {
			writeError(w, http.StatusBadRequest, `JSON body: "html" is required`)
			return
		}
		src = []byte(*req.HTML)
		if req.Path != "" {
			path = req.Path
		}
		jurisdictions = append(jurisdictions, req.Jurisdictions...)
	}
	if path == "" {
		path = defaultDocPath
	}
	if msg := checkDocPath(path); msg != "" {
		writeError(w, http.StatusBadRequest, msg)
		return
	}
	var js []string
	for _, v := range jurisdictions {
		list, err := lint.ParseJurisdictions(v)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Sprintf("jurisdiction %q: expected an ISO 3166 alpha-2 code in lower case, e.g. ru", v))
			return
		}
		js = append(js, list...)
	}

	waitStart := time.Now()
	select {
	case s.work <- struct{}{}:
	case <-r.Context().Done():
		writeError(w, statusClientClosed, "the client closed the request")
		return
	}
	wait := time.Since(waitStart)
	st := s.rules.Load()
	file, inErr := s.checkDoc(st.l, lint.Input{Path: path, Charset: cs, Reading: format.Reading}, src, js)
	<-s.work

	res := &report.Result{
		Tool:   s.opts.Tool,
		Rules:  st.l.ReportRules(),
		FailOn: failOn,
		Config: s.env.Rel(st.l.Config.Path),
	}
	status, outcome := http.StatusOK, "pass"
	if inErr != nil {
		res.Errors = []report.InputError{*inErr}
		status, outcome = http.StatusUnprocessableEntity, "error"
	} else {
		res.Files = []report.File{file}
		if !res.Pass() {
			outcome = "fail"
		}
	}
	// The report is held whole to be sent; its size is bounded by the
	// caps on findings (at most 1,000 a file). The request gives up its
	// place before it is sent, so a client that does not read its answer
	// holds no slot, and the write has a deadline of its own.
	release()
	var out bytes.Buffer
	if err := format.Write(&out, res, report.Options{}); err != nil {
		s.log.Error("writing the report", "format", formatName, "error", err.Error())
		writeError(w, http.StatusInternalServerError, "internal error: writing the report")
		return
	}
	sum := res.Summary()
	bySev := make(map[string]int, len(sum.BySeverity))
	for sev, n := range sum.BySeverity {
		bySev[sev.String()] = n
	}
	logAttrs(w, slog.String("doc", path), slog.Int("doc_bytes", len(src)), slog.String("outcome", outcome), slog.Int("findings", sum.Findings))

	w.Header().Set("Content-Type", mediaType)
	w.Header().Set("Cache-Control", "no-store")
	if format.Reading {
		// The page's own policy, as a header too: nothing it shows runs,
		// and it loads nothing.
		w.Header().Set("Content-Security-Policy", report.HTMLContentSecurityPolicy())
	}
	_ = rc.SetWriteDeadline(time.Now().Add(min(s.opts.WriteTimeout, bodyTimeout)))
	w.WriteHeader(status)
	_, _ = w.Write(out.Bytes())
	s.metrics.checked(outcome, bySev, time.Since(start), wait)
}

// bodyTimeout bounds the time to receive a request body and to send a
// report (under the server's read and write timeouts).
const bodyTimeout = 10 * time.Second

// drainLimit bounds the body read and thrown away after a refusal.
const drainLimit = 16 << 20

// reject answers a request that is refused before its body is read, and
// then reads and discards the body (up to drainLimit, for a few seconds)
// before the connection closes: a client that sends its body without
// waiting for "100 Continue" otherwise gets a connection reset instead
// of the answer.
func (s *Server) reject(w http.ResponseWriter, r *http.Request, code int, msg string) {
	w.Header().Set("Connection", "close")
	writeError(w, code, msg)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	_ = rc.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, _ = io.CopyN(io.Discard, r.Body, drainLimit)
}

// checkContentType accepts an HTML or a JSON request body and tells which,
// and the charset an HTML body is sent in ("" when not given).
func checkContentType(ct string) (isJSON bool, cs string, err error) {
	mt, params, perr := mime.ParseMediaType(ct)
	switch {
	case ct == "":
		return false, "", errors.New("no Content-Type: send the article as text/html, or JSON {\"html\": …} as application/json")
	case perr != nil:
		return false, "", fmt.Errorf("Content-Type %q: %v", ct, perr)
	case mt == "text/html" || mt == "application/xhtml+xml":
		cs = params["charset"]
		if cs != "" && !checker.KnownCharset(cs) {
			return false, "", fmt.Errorf("Content-Type %q: unsupported charset %q", ct, cs)
		}
		return false, cs, nil
	case mt == "application/json":
		return true, "", nil
	}
	return false, "", fmt.Errorf("Content-Type %q: send the article as text/html, or JSON {\"html\": …} as application/json", mt)
}

// decodeStrict decodes one JSON object with no unknown fields, keys
// written exactly as documented (encoding/json would take "HTML" for
// "html"), no key twice (encoding/json would keep the last) and nothing
// after it.
func decodeStrict(data []byte, v any) error {
	if err := checkKeys(data, jsonKeys(v)); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// jsonKeys returns the JSON keys of the fields of the struct v points to.
func jsonKeys(v any) map[string]bool {
	keys := map[string]bool{}
	t := reflect.TypeOf(v).Elem()
	for i := range t.NumField() {
		if name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
			keys[name] = true
		}
	}
	return keys
}

// checkKeys checks the keys of the JSON object in data: each one of
// known, exactly, and once.
func checkKeys(data []byte, known map[string]bool) (err error) {
	defer func() {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
	}()
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("the body is not a JSON object")
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		switch {
		case seen[key]:
			return fmt.Errorf("key %q is given more than once", key)
		case !known[key]:
			return fmt.Errorf("unknown field %q (fields are lower case: html, path, jurisdictions)", key)
		}
		seen[key] = true
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return err
		}
	}
	return nil
}

// checkDocPath returns what is wrong with a document path given in a
// request, or "".
func checkDocPath(p string) string {
	switch {
	case len(p) > maxDocPath:
		return fmt.Sprintf("path: longer than %d bytes", maxDocPath)
	case !utf8.ValidString(p):
		return "path: not valid UTF-8"
	case strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "path: contains a control character"
	}
	return ""
}

// handleRules lists the enabled rules, as `copydesk rules --format json`.
func (s *Server) handleRules(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	writeJSONBody(w, s.rules.Load().l.RuleEntries(nil))
}

// handleHealth says the service is up, with its version and rules.
func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	st := s.rules.Load()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	writeJSONBody(w, struct {
		Status   string `json:"status"`
		Version  string `json:"version"`
		Rules    int    `json:"rules"`
		LoadedAt string `json:"rules_loaded_at"`
	}{"ok", s.opts.Tool.Version, len(st.l.Set.Rules), st.loadedAt.UTC().Format(time.RFC3339)})
}

// handleMetrics writes the metrics in the Prometheus text format.
func (s *Server) handleMetrics(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = s.metrics.write(w, s.opts.Tool.Version)
}
