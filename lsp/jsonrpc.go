package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
)

// JSON-RPC 2.0 over the base protocol of LSP: each message is a header
// block ("Content-Length: N", optionally "Content-Type: …", each line
// ending in "\r\n", then an empty line) followed by N bytes of JSON.

// maxMessage is the largest message read. An article is at most
// lint.DefaultMaxSize (128 MiB) and JSON can escape every byte of it in
// six: a message larger than this is refused whole.
const maxMessage = 1 << 30

// JSON-RPC and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
	codeRequestCancelled     = -32800
	codeContentModified      = -32801
)

// rpcError is the error of a response.
type rpcError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *rpcError) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// errorf returns an rpcError.
func errorf(code int, format string, args ...any) *rpcError {
	return &rpcError{Code: code, Message: fmt.Sprintf(format, args...)}
}

// message is a JSON-RPC message as read: a request (ID and Method), a
// notification (Method, no ID) or a response (ID, and Result or Error).
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *rpcError       `json:"error,omitempty"`
}

// isRequest reports whether m is a request, isResponse whether it is a
// response; a message that is neither is a notification.
func (m *message) isRequest() bool  { return m.Method != "" && len(m.ID) > 0 }
func (m *message) isResponse() bool { return m.Method == "" && len(m.ID) > 0 }

// errFraming is a stream that is not the base protocol: it cannot be
// read on, as where the next message starts is lost.
var errFraming = errors.New("lsp: bad message framing")

// readMessage reads one message's JSON. A message over maxMessage is
// skipped and reported as an error that is not errFraming.
func readMessage(r *bufio.Reader) ([]byte, error) {
	tp := textproto.NewReader(r)
	length := -1
	for first := true; ; first = false {
		line, err := tp.ReadLine()
		if err != nil {
			if first && errors.Is(err, io.EOF) {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%w: %v", errFraming, err)
		}
		if line == "" {
			if first {
				continue // a stray line break between messages
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: header line %q", errFraming, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 {
				return nil, fmt.Errorf("%w: Content-Length %q", errFraming, value)
			}
			length = n
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("%w: no Content-Length header", errFraming)
	}
	if length > maxMessage {
		if _, err := io.CopyN(io.Discard, r, int64(length)); err != nil {
			return nil, fmt.Errorf("%w: %v", errFraming, err)
		}
		return nil, fmt.Errorf("message of %d bytes is larger than %d; skipped", length, maxMessage)
	}
	buf := make([]byte, length)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("%w: %v", errFraming, err)
	}
	return buf, nil
}

// writer sends messages in the order they are queued, from a goroutine
// of its own: whoever queues a message never waits for the client to
// read, so a client that writes while not reading cannot deadlock the
// server, and a message queued under a lock is sent in that lock's order.
type writer struct {
	w    io.Writer
	mu   sync.Mutex
	cond *sync.Cond
	q    [][]byte
	done bool // no more messages: drain and stop
	err  error
	quit chan struct{}
}

func newWriter(w io.Writer) *writer {
	wr := &writer{w: w, quit: make(chan struct{})}
	wr.cond = sync.NewCond(&wr.mu)
	go wr.loop()
	return wr
}

func (wr *writer) loop() {
	defer close(wr.quit)
	for {
		wr.mu.Lock()
		for len(wr.q) == 0 && !wr.done {
			wr.cond.Wait()
		}
		q := wr.q
		wr.q = nil
		done := wr.done
		wr.mu.Unlock()
		for _, m := range q {
			if wr.err != nil {
				break
			}
			_, wr.err = io.WriteString(wr.w, "Content-Length: "+strconv.Itoa(len(m))+"\r\n\r\n")
			if wr.err == nil {
				_, wr.err = wr.w.Write(m)
			}
		}
		if done && len(q) == 0 {
			return
		}
	}
}

// send queues a message; it is dropped once the writer is closed.
func (wr *writer) send(v any) {
	data, err := json.Marshal(v)
	if err != nil {
		// Every message is made of wire structs: a bug.
		panic(fmt.Sprintf("lsp: cannot encode a message: %v", err))
	}
	wr.mu.Lock()
	defer wr.mu.Unlock()
	if wr.done {
		return
	}
	wr.q = append(wr.q, data)
	wr.cond.Signal()
}

// close sends what is queued and stops.
func (wr *writer) close() {
	wr.mu.Lock()
	wr.done = true
	wr.cond.Signal()
	wr.mu.Unlock()
	<-wr.quit
}

// conn is the JSON-RPC side of the server: responses to the client's
// requests, notifications, and the server's own requests awaiting the
// client's responses.
type conn struct {
	out *writer

	mu      sync.Mutex
	nextID  int
	waiting map[string]chan *message      // the server's requests, by id
	running map[string]context.CancelFunc // the client's requests being handled, by id
}

func newConn(w io.Writer) *conn {
	return &conn{out: newWriter(w), waiting: map[string]chan *message{}, running: map[string]context.CancelFunc{}}
}

// reply answers the request id with a result, or with err when it is not nil.
func (c *conn) reply(id json.RawMessage, result any, err *rpcError) {
	if len(id) == 0 {
		id = json.RawMessage("null")
	}
	if err != nil {
		c.out.send(struct {
			JSONRPC string          `json:"jsonrpc"`
			ID      json.RawMessage `json:"id"`
			Error   *rpcError       `json:"error"`
		}{"2.0", id, err})
		return
	}
	c.out.send(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Result  any             `json:"result"`
	}{"2.0", id, result})
}

// notify sends a notification.
func (c *conn) notify(method string, params any) {
	c.out.send(struct {
		JSONRPC string `json:"jsonrpc"`
		Method  string `json:"method"`
		Params  any    `json:"params"`
	}{"2.0", method, params})
}

// call sends a request to the client and waits for its response, which
// is decoded into result (when not nil).
func (c *conn) call(ctx context.Context, method string, params, result any) error {
	c.mu.Lock()
	c.nextID++
	id := strconv.Itoa(c.nextID)
	ch := make(chan *message, 1)
	c.waiting[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.waiting, id)
		c.mu.Unlock()
	}()
	c.out.send(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Method  string          `json:"method"`
		Params  any             `json:"params"`
	}{"2.0", json.RawMessage(id), method, params})
	select {
	case <-ctx.Done():
		return ctx.Err()
	case m := <-ch:
		if m.Error != nil {
			return m.Error
		}
		if result != nil && len(m.Result) > 0 {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	}
}

// delivered hands a response to the request of the server awaiting it.
func (c *conn) delivered(m *message) {
	c.mu.Lock()
	ch := c.waiting[idKey(m.ID)]
	c.mu.Unlock()
	if ch != nil {
		ch <- m
	}
}

// start records a request being handled, so that $/cancelRequest can
// cancel it; finish forgets it.
func (c *conn) start(id json.RawMessage, cancel context.CancelFunc) {
	c.mu.Lock()
	c.running[idKey(id)] = cancel
	c.mu.Unlock()
}

func (c *conn) finish(id json.RawMessage) {
	c.mu.Lock()
	delete(c.running, idKey(id))
	c.mu.Unlock()
}

// cancel cancels the request id, if it is still being handled.
func (c *conn) cancel(id json.RawMessage) {
	c.mu.Lock()
	cancel := c.running[idKey(id)]
	c.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// idKey is the key of a request id: its JSON, compacted (1 and "1" are
// different ids).
func idKey(id json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, id) != nil {
		return string(id)
	}
	return b.String()
}
