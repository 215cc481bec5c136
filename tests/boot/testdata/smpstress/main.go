// smpstress loads every part of the scheduler at once for a while (the
// first argument, a Go duration): spinning goroutines, channel
// ping-pong, timers, mutexes, allocation with forced GCs, a CPU profile
// and loopback TCP traffic. Once a second it prints a heartbeat with
// what each part did; a part that does nothing for stallAfter is a lost
// wakeup or a starved M, and ends the program with status 1. It also
// counts the round trips two goroutines make by spinning on shared
// memory, which only vCPUs running at the same time make quickly.
package main

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

const stallAfter = 10 * time.Second

// parts counts what each part did; the watchdog reads them.
var parts = map[string]*atomic.Int64{}

func part(name string) *atomic.Int64 {
	c := new(atomic.Int64)
	parts[name] = c
	return c
}

func main() {
	d := 20 * time.Second
	if len(os.Args) > 1 {
		var err error
		if d, err = time.ParseDuration(os.Args[1]); err != nil {
			fmt.Println("smpstress: bad duration:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("smpstress NumCPU=%d GOMAXPROCS=%d for %v\n", runtime.NumCPU(), runtime.GOMAXPROCS(0), d)
	fmt.Printf("spin round trips in 1s: %d\n", spinRoundTrips(time.Second))

	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		fmt.Println("smpstress: cpu profile:", err)
		os.Exit(1)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	start := func(name string, n int, f func(c *atomic.Int64, stop <-chan struct{})) {
		c := part(name)
		for range n {
			wg.Add(1)
			go func() { defer wg.Done(); f(c, stop) }()
		}
	}
	start("spin", 2*runtime.GOMAXPROCS(0), spinner)
	start("pingpong", 8, pingPong)
	start("timers", 64, sleeper)
	start("mutex", 8, locker)
	start("alloc", 4, allocator)
	start("gc", 1, collector)
	start("tcp", 4, tcpClient(listen()))

	end := time.After(d)
	tick := time.NewTicker(time.Second)
	last := map[string]int64{}
	lastMoved := map[string]time.Time{}
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
		lastMoved[name] = time.Now()
	}
	sort.Strings(names)
	for beat := 1; ; beat++ {
		select {
		case <-end:
			close(stop)
			wg.Wait()
			pprof.StopCPUProfile()
			if prof.Len() == 0 {
				fmt.Println("smpstress: empty CPU profile")
				os.Exit(1)
			}
			fmt.Printf("smpstress ok: %d heartbeats, %d bytes of CPU profile\n", beat-1, prof.Len())
			return
		case now := <-tick.C:
			line := fmt.Sprintf("heartbeat %d:", beat)
			for _, name := range names {
				v := parts[name].Load()
				line += fmt.Sprintf(" %s=%d", name, v-last[name])
				if v != last[name] {
					lastMoved[name] = now
				} else if now.Sub(lastMoved[name]) > stallAfter {
					fmt.Println(line)
					fmt.Printf("smpstress: STALL: %s did nothing for %v\n", name, now.Sub(lastMoved[name]))
					os.Exit(1)
				}
				last[name] = v
			}
			fmt.Println(line)
		}
	}
}

func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

var sink atomic.Uint64

func spinner(c *atomic.Int64, stop <-chan struct{}) {
	x := rand.Uint64()
	for !stopped(stop) {
		for range 100000 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
		sink.Store(x)
		c.Add(1)
	}
}

func pingPong(c *atomic.Int64, stop <-chan struct{}) {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
	}()
	defer close(ping)
	for v := 0; !stopped(stop); {
		ping <- v
		v = <-pong
		c.Add(1)
	}
}

func sleeper(c *atomic.Int64, stop <-chan struct{}) {
	for !stopped(stop) {
		d := time.Duration(rand.IntN(5000)) * time.Microsecond
		if rand.IntN(2) == 0 {
			time.Sleep(d)
		} else {
			done := make(chan struct{})
			time.AfterFunc(d, func() { close(done) })
			<-done
		}
		c.Add(1)
	}
}

var (
	mu     sync.Mutex
	shared [64]int
)

func locker(c *atomic.Int64, stop <-chan struct{}) {
	for !stopped(stop) {
		mu.Lock()
		v := shared[0]
		for i := range shared {
			if shared[i] != v {
				panic("smpstress: a mutex let two goroutines in")
			}
			shared[i] = v + 1
		}
		mu.Unlock()
		c.Add(1)
	}
}

type node struct {
	next *node
	val  int
	pad  []byte
}

func allocator(c *atomic.Int64, stop <-chan struct{}) {
	for !stopped(stop) {
		var head *node
		for i := range 1000 {
			head = &node{next: head, val: i, pad: make([]byte, i%128)}
		}
		for i := 999; head != nil; i-- {
			if head.val != i || len(head.pad) != i%128 {
				panic("smpstress: the heap changed under a goroutine")
			}
			head = head.next
		}
		c.Add(1)
	}
}

func collector(c *atomic.Int64, stop <-chan struct{}) {
	for !stopped(stop) {
		runtime.GC()
		c.Add(1)
		time.Sleep(200 * time.Millisecond)
	}
}

// listen starts a loopback echo server.
func listen() net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println("smpstress: listen:", err)
		os.Exit(1)
	}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				io.Copy(conn, conn)
			}()
		}
	}()
	return l
}

func tcpClient(l net.Listener) func(c *atomic.Int64, stop <-chan struct{}) {
	return func(c *atomic.Int64, stop <-chan struct{}) {
		conn, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			fmt.Println("smpstress: dial:", err)
			os.Exit(1)
		}
		defer conn.Close()
		msg := bytes.Repeat([]byte("x"), 4096)
		buf := make([]byte, len(msg))
		for !stopped(stop) {
			if _, err := conn.Write(msg); err != nil {
				fmt.Println("smpstress: write:", err)
				os.Exit(1)
			}
			if _, err := io.ReadFull(conn, buf); err != nil || !bytes.Equal(buf, msg) {
				fmt.Println("smpstress: echo:", err)
				os.Exit(1)
			}
			c.Add(1)
		}
	}
}

// spinRoundTrips counts how often two goroutines hand a token back and
// forth in d by spinning on one word, without ever blocking: on one vCPU
// each handoff waits for a time slice to end, so at most a few hundred
// happen in a second; on two they happen in parallel.
func spinRoundTrips(d time.Duration) int64 {
	if runtime.GOMAXPROCS(0) < 2 {
		return 0
	}
	var token, trips atomic.Int64
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			if token.Load() == 1 {
				token.Store(0)
			}
		}
	}()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if token.Load() == 0 {
			trips.Add(1)
			token.Store(1)
		}
	}
	done.Store(true)
	wg.Wait()
	return trips.Load()
}
