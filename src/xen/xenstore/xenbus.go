package xenstore

import (
	"strconv"
	"strings"
)

// XenbusState is the state a frontend or backend publishes in its "state"
// node as a decimal string (enum xenbus_state in io/xenbus.h).
type XenbusState uint32

const (
	XenbusStateUnknown       XenbusState = 0
	XenbusStateInitialising  XenbusState = 1
	XenbusStateInitWait      XenbusState = 2 // waiting for the peer's details
	XenbusStateInitialised   XenbusState = 3 // details published
	XenbusStateConnected     XenbusState = 4
	XenbusStateClosing       XenbusState = 5
	XenbusStateClosed        XenbusState = 6
	XenbusStateReconfiguring XenbusState = 7
	XenbusStateReconfigured  XenbusState = 8
)

var xenbusStateNames = [...]string{
	"Unknown", "Initialising", "InitWait", "Initialised", "Connected",
	"Closing", "Closed", "Reconfiguring", "Reconfigured",
}

func (s XenbusState) String() string {
	if int(s) < len(xenbusStateNames) {
		return xenbusStateNames[s]
	}
	return "XenbusState(" + strconv.FormatUint(uint64(s), 10) + ")"
}

// Value is the state as it is written to xenstore: a decimal string.
func (s XenbusState) Value() []byte {
	return strconv.AppendUint(nil, uint64(s), 10)
}

// ParseState parses a state node's value. Surrounding white space and
// trailing NULs are ignored, as Linux's sscanf("%d") would; anything else
// that is not one of the nine states is an error.
func ParseState(v string) (XenbusState, error) {
	t := strings.TrimSpace(strings.TrimRight(v, "\x00"))
	n, err := strconv.ParseUint(t, 10, 32)
	if err != nil || n >= uint64(len(xenbusStateNames)) {
		return XenbusStateUnknown, errorString(ErrInvalid, "xenstore: bad xenbus state "+strconv.Quote(v))
	}
	return XenbusState(n), nil
}
