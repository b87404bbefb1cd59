package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"github.com/copydesk/copydesk/checker"
	"github.com/copydesk/copydesk/lint"
	"github.com/copydesk/copydesk/report"
)

// Options are the settings of `copydesk lsp`, read from its flags.
type Options struct {
	// Config is one config file for every document; "": each document's
	// own .copydesk.yml, found walking up from its directory.
	Config        string
	Rules         []string // extra rule files
	Jurisdictions []string // apply to every document
	// Debounce is how long after a change a document is checked: changes
	// within it are checked together. Opening a document checks it at
	// once.
	Debounce time.Duration
	Jobs     int // documents checked at once; 0: the number of CPUs
	Tool     report.Tool
}

// DefaultDebounce is the default of Options.Debounce: about the pause
// between two words when typing.
const DefaultDebounce = 150 * time.Millisecond

// ErrNoShutdown is what Run returns when the client left without a
// shutdown request: exit without shutdown, or the end of its input. The
// process then exits 1, as the protocol asks.
var ErrNoShutdown = errors.New("the client exited without a shutdown request")

// Server is a language server over one connection.
type Server struct {
	env  *lint.Env
	opts Options
	conn *conn
	ctx  context.Context // cancelled when Run returns
	logw io.Writer

	// checkDoc checks one document: (*lint.Linter).CheckDocument, which
	// tests replace (to hold a check, or to make one panic).
	checkDoc func(l *lint.Linter, in lint.Input, src []byte, jurisdictions []string) (*checker.Document, []checker.Finding, *report.InputError)

	slots chan struct{} // one token per check running

	loadMu sync.Mutex // one config load at a time (they share the cache)

	mu        sync.Mutex
	state     int    // stateNew, stateRunning or stateShutdown
	encoding  string // encUTF16 or encUTF8
	caps      ClientCapabilities
	docs      map[string]*document // open documents by URI
	gen       uint64               // bumped by every change to what a check sees
	linters   map[string]*loaded   // configs loaded, by config path ("" the default)
	configGen uint64               // bumped when config or rule text changes
}

const (
	stateNew = iota
	stateRunning
	stateShutdown
)

// loaded is a config loaded for checking documents, or why it cannot be.
type loaded struct {
	l   *lint.Linter
	err error
}

// New returns a server that checks with the lint library in env (its
// working directory resolves Options.Config and Rules; its Stderr gets
// the log).
func New(env *lint.Env, o Options) *Server {
	if o.Jobs < 1 {
		o.Jobs = runtime.GOMAXPROCS(0)
	}
	return &Server{
		env:      env,
		opts:     o,
		logw:     env.Stderr,
		checkDoc: (*lint.Linter).CheckDocument,
		slots:    make(chan struct{}, o.Jobs),
		encoding: encUTF16,
		docs:     map[string]*document{},
		linters:  map[string]*loaded{},
	}
}

// Run serves the client on in and out until it sends exit, in closes or
// ctx is done. It returns nil after shutdown and exit, ErrNoShutdown when
// the client left without shutdown, and the error of a stream that is
// not the protocol.
func (s *Server) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	s.ctx = ctx
	s.conn = newConn(out)
	defer func() {
		cancel()
		s.mu.Lock()
		for _, d := range s.docs {
			d.stop()
		}
		s.mu.Unlock()
		s.conn.out.close()
	}()

	msgs := make(chan []byte)
	errc := make(chan error, 1)
	go func() {
		r := bufio.NewReaderSize(in, 64<<10)
		for {
			data, err := readMessage(r)
			switch {
			case err == nil:
			case errors.Is(err, io.EOF) || errors.Is(err, errFraming):
				errc <- err
				return
			default:
				s.logf("%v", err)
				continue
			}
			select {
			case msgs <- data:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-errc:
			if errors.Is(err, io.EOF) {
				return ErrNoShutdown
			}
			return err
		case data := <-msgs:
			var m message
			if err := json.Unmarshal(data, &m); err != nil {
				s.conn.reply(nil, nil, errorf(codeParseError, "invalid JSON: %v", err))
				continue
			}
			if s.dispatch(&m) {
				s.mu.Lock()
				shut := s.state == stateShutdown
				s.mu.Unlock()
				if !shut {
					return ErrNoShutdown
				}
				return nil
			}
		}
	}
}

// logf writes a line to the log (stderr, which clients show in their
// server log).
func (s *Server) logf(format string, args ...any) {
	if s.logw != nil {
		fmt.Fprintf(s.logw, "copydesk lsp: "+format+"\n", args...)
	}
}

// dispatch handles one message; it reports whether it was exit.
func (s *Server) dispatch(m *message) (exit bool) {
	switch {
	case m.isResponse():
		s.conn.delivered(m)
	case m.isRequest():
		s.request(m)
	case m.Method == "exit":
		return true
	default:
		s.notification(m)
	}
	return false
}

// handler answers a request.
type handler func(s *Server, ctx context.Context, params json.RawMessage) (any, *rpcError)

// handlers are the requests answered once initialized, besides shutdown.
var handlers = map[string]handler{
	"textDocument/codeAction":  (*Server).codeAction,
	"textDocument/hover":       (*Server).hover,
	"workspace/executeCommand": (*Server).executeCommand,
}

// request answers a request: initialize and shutdown at once, the others
// on a goroutine of their own, so that $/cancelRequest and the
// responses the handler waits for are read meanwhile.
func (s *Server) request(m *message) {
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	switch {
	case m.Method == "initialize" && state == stateNew:
		res, err := s.initialize(m.Params)
		s.conn.reply(m.ID, res, err)
		return
	case m.Method == "initialize":
		s.conn.reply(m.ID, nil, errorf(codeInvalidRequest, "initialize was sent already"))
		return
	case state == stateNew:
		s.conn.reply(m.ID, nil, errorf(codeServerNotInitialized, "the server is not initialized"))
		return
	case state == stateShutdown:
		s.conn.reply(m.ID, nil, errorf(codeInvalidRequest, "the server is shut down"))
		return
	case m.Method == "shutdown":
		s.mu.Lock()
		s.state = stateShutdown
		for _, d := range s.docs {
			d.stop()
		}
		s.mu.Unlock()
		s.conn.reply(m.ID, nil, nil)
		return
	}
	h := handlers[m.Method]
	if h == nil {
		s.conn.reply(m.ID, nil, errorf(codeMethodNotFound, "method %s is not supported", m.Method))
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.conn.start(m.ID, cancel)
	type answer struct {
		res any
		err *rpcError
	}
	done := make(chan answer, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				s.logf("panic in %s: %v\n%s", m.Method, v, debug.Stack())
				done <- answer{nil, errorf(codeInternalError, "internal error in %s: %v", m.Method, v)}
			}
		}()
		res, err := h(s, ctx, m.Params)
		done <- answer{res, err}
	}()
	go func() {
		defer cancel()
		defer s.conn.finish(m.ID)
		select {
		case a := <-done:
			s.conn.reply(m.ID, a.res, a.err)
		case <-ctx.Done():
			s.conn.reply(m.ID, nil, errorf(codeRequestCancelled, "%s was cancelled", m.Method))
		}
	}()
}

// notification handles a notification. Those about documents are
// handled here, in the order they come, before any later request.
func (s *Server) notification(m *message) {
	defer func() {
		if v := recover(); v != nil {
			s.logf("panic in %s: %v\n%s", m.Method, v, debug.Stack())
		}
	}()
	s.mu.Lock()
	state := s.state
	s.mu.Unlock()
	if state == stateNew {
		return // dropped, as the protocol says
	}
	var err error
	switch m.Method {
	case "initialized":
		s.initialized()
	case "$/cancelRequest":
		var p struct {
			ID json.RawMessage `json:"id"`
		}
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.conn.cancel(p.ID)
		}
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.didOpen(p)
		}
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			err = s.didChange(p)
		}
	case "textDocument/didClose":
		var p DocumentParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.didClose(p.TextDocument.URI)
		}
	case "textDocument/didSave":
		var p DocumentParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.didSave(p.TextDocument.URI)
		}
	case "workspace/didChangeWatchedFiles":
		var p DidChangeWatchedFilesParams
		if err = json.Unmarshal(m.Params, &p); err == nil {
			s.didChangeWatchedFiles(p)
		}
	}
	if err != nil {
		s.logf("%s: %v", m.Method, err)
	}
}

// initialize answers initialize: the position encoding (UTF-8 when the
// client offers it, else UTF-16) and what the server does.
func (s *Server) initialize(params json.RawMessage) (any, *rpcError) {
	var p InitializeParams
	if len(params) > 0 {
		if err := json.Unmarshal(params, &p); err != nil {
			return nil, errorf(codeInvalidParams, "initialize: %v", err)
		}
	}
	var res InitializeResult
	enc := encUTF16
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == encUTF8 {
			enc = encUTF8
		}
	}
	for _, e := range p.Capabilities.OffsetEncoding {
		if e == encUTF8 {
			enc = encUTF8
		}
	}
	if len(p.Capabilities.OffsetEncoding) > 0 {
		res.OffsetEncoding = enc
	}
	res.Capabilities.PositionEncoding = enc
	res.Capabilities.TextDocumentSync.OpenClose = true
	res.Capabilities.TextDocumentSync.Change = 2
	res.Capabilities.TextDocumentSync.Save = true
	res.Capabilities.HoverProvider = true
	res.Capabilities.CodeActionProvider.CodeActionKinds = []string{kindQuickFix, kindFixAll}
	res.Capabilities.ExecuteCommandProvider.Commands = []string{cmdFixAll}
	res.ServerInfo.Name = s.opts.Tool.Name
	res.ServerInfo.Version = s.opts.Tool.Version
	s.mu.Lock()
	s.state = stateRunning
	s.encoding = enc
	s.caps = p.Capabilities
	s.mu.Unlock()
	return res, nil
}

// initialized asks the client to watch config and rule files, when it
// can be asked, so that a change saved outside the editor re-checks the
// documents.
func (s *Server) initialized() {
	s.mu.Lock()
	dynamic := s.caps.Workspace.DidChangeWatchedFiles.DynamicRegistration
	s.mu.Unlock()
	if !dynamic {
		return
	}
	go func() {
		ctx, cancel := context.WithTimeout(s.ctx, time.Minute)
		defer cancel()
		err := s.conn.call(ctx, "client/registerCapability", map[string]any{"registrations": []registration{{
			ID:     "copydesk-watch-config",
			Method: "workspace/didChangeWatchedFiles",
			RegisterOptions: map[string]any{"watchers": []fileSystemWatcher{
				{GlobPattern: "**/*.{yml,yaml}"},
			}},
		}}}, nil)
		if err != nil && s.ctx.Err() == nil {
			s.logf("client/registerCapability: %v", err)
		}
	}()
}

// readFile reads a config, rule or exact file: the text an editor holds
// for it when it is open, else the file.
func (s *Server) readFile(path string) ([]byte, error) {
	s.mu.Lock()
	for _, d := range s.docs {
		if d.path != "" && d.path == filepath.Clean(path) {
			t := d.text.s
			s.mu.Unlock()
			return []byte(t), nil
		}
	}
	s.mu.Unlock()
	return os.ReadFile(path)
}

// linterFor returns the config that applies to documents in dir, loaded
// (cached until a config or rule file changes).
func (s *Server) linterFor(dir string) (*lint.Linter, error) {
	o := lint.LoadOptions{Config: s.opts.Config, Rules: s.opts.Rules, From: dir, ReadFile: s.readFile}
	if dir == "" {
		o.From = s.env.Dir
	}
	key, err := s.env.ConfigPath(o)
	if err != nil {
		return nil, err
	}
	s.loadMu.Lock()
	defer s.loadMu.Unlock()
	s.mu.Lock()
	c, gen := s.linters[key], s.configGen
	s.mu.Unlock()
	if c != nil {
		return c.l, c.err
	}
	l, err := s.env.LoadWith(o)
	s.mu.Lock()
	if s.configGen == gen {
		s.linters[key] = &loaded{l, err}
	}
	s.mu.Unlock()
	return l, err
}

// configChanged forgets the configs loaded and checks every open
// document again after the debounce: a config or rule file changed.
// s.mu is held.
func (s *Server) configChanged() {
	s.configGen++
	s.linters = map[string]*loaded{}
	for _, d := range s.docs {
		s.gen++
		d.gen = s.gen
		s.schedule(d, s.opts.Debounce)
	}
}

// relPath is a file's path as messages show it: relative to the working
// directory.
func (s *Server) relPath(p string) string {
	if p == "" {
		return ""
	}
	return s.env.Rel(p)
}
