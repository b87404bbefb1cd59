package lint

import (
	"iter"
	"sync"

	"github.com/copydesk/copydesk/report"
)

// checked is the outcome of checking one input.
type checked struct {
	file  report.File
	err   *report.InputError // the input could not be read or checked
	bytes int                // bytes read
	fix   fixOutcome         // with --fix or --diff
}

// checkAll checks the inputs with a pool of jobs workers, each calling
// check, and hands each outcome to emit, in input order, as soon as it
// and every input before it are done. Workers run at most 2×jobs inputs
// ahead of emit, so memory is bounded by the jobs and the largest files,
// not by how many files there are: a document is dropped once checked,
// and emit sees only its findings. The inputs are drawn from the
// sequence as the workers need them (a web archive's records are read
// while earlier ones are checked).
func checkAll(ins iter.Seq[Input], jobs int, check func(Input) checked, emit func(*checked)) {
	window := 2 * jobs
	slots := make([]chan checked, window) // input i's outcome goes to slots[i%window]
	for i := range slots {
		slots[i] = make(chan checked, 1)
	}
	type job struct {
		i  int
		in Input
	}
	ahead := make(chan struct{}, window) // one token per input dispatched and not yet emitted
	order := make(chan int, window)      // the inputs dispatched, in order
	work := make(chan job)
	go func() {
		i := 0
		for in := range ins {
			ahead <- struct{}{}
			order <- i
			work <- job{i, in}
			i++
		}
		close(work)
		close(order)
	}()
	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				slots[j.i%window] <- check(j.in)
			}
		}()
	}
	for i := range order {
		c := <-slots[i%window]
		emit(&c)
		<-ahead
	}
	wg.Wait()
}

// checkOne reads and checks one document.
func (r *run) checkOne(in Input) checked {
	c := r.checkInput(in)
	if in.Record != nil {
		c.file.Record = in.Record
		if c.err != nil {
			c.err.Record = in.Record
		}
	}
	return c
}

// checkInput reads and checks one document.
func (r *run) checkInput(in Input) checked {
	if in.err != nil {
		return checked{err: in.err}
	}
	var src []byte
	var err error
	if in.Read != nil {
		src, err = in.Read()
		if err == nil && r.maxSize > 0 && int64(len(src)) > r.maxSize {
			src, err = nil, &tooLargeError{size: int64(len(src)), max: r.maxSize}
		}
	} else {
		src, err = r.env.readInput(in.Abs, r.maxSize)
	}
	if err != nil {
		return checked{err: &report.InputError{Path: in.Path, Message: IOMessage(err)}}
	}
	in.gc = checking(len(src))
	defer in.gc.done()
	opts := r.l.options(in, r.jurisdictions)
	if r.fix != FixNone {
		c := r.fixSource(in, src, opts)
		c.bytes = len(src)
		return c
	}
	f, ierr := r.l.checkSource(in, src, opts, r.extras)
	return checked{file: f, err: ierr, bytes: len(src)}
}
