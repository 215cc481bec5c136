// Copyright 2026 The Go for Xen Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

package xenstore

import (
	"strconv"

	"xen/hypercall"
)

// HeaderSize is the size of struct xsd_sockmsg: four little-endian uint32.
const HeaderSize = 16

// Header is struct xsd_sockmsg, the header in front of every message.
type Header = hypercall.XsdSockmsg

func putUint32(b []byte, v uint32) {
	b[0] = byte(v)
	b[1] = byte(v >> 8)
	b[2] = byte(v >> 16)
	b[3] = byte(v >> 24)
}

func getUint32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// parseHeader decodes the first HeaderSize bytes of b and rejects a length
// the protocol forbids, since a bad length means the byte stream can no
// longer be split into messages.
func parseHeader(b []byte) (Header, error) {
	if len(b) < HeaderSize {
		return Header{}, errorString(ErrProtocol, "xenstore: truncated message header")
	}
	h := Header{
		Type:  hypercall.XSMsgType(getUint32(b[0:])),
		ReqID: getUint32(b[4:]),
		TxID:  getUint32(b[8:]),
		Len:   getUint32(b[12:]),
	}
	if h.Len > hypercall.XenstorePayloadMax {
		return h, errorString(ErrProtocol, "xenstore: message length "+strconv.FormatUint(uint64(h.Len), 10)+" exceeds 4096")
	}
	return h, nil
}

// encodeRequest builds a whole request message. The payload is the
// concatenation of parts; it is refused (E2BIG) if xenstored would.
func encodeRequest(typ hypercall.XSMsgType, reqID, txID uint32, parts ...[]byte) ([]byte, error) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	if n > hypercall.XenstorePayloadMax {
		return nil, &Error{Name: "E2BIG", Err: ErrTooBig}
	}
	msg := make([]byte, HeaderSize, HeaderSize+n)
	putUint32(msg[0:], uint32(typ))
	putUint32(msg[4:], reqID)
	putUint32(msg[8:], txID)
	putUint32(msg[12:], uint32(n))
	for _, p := range parts {
		msg = append(msg, p...)
	}
	return msg, nil
}

// decodeReply splits one complete message into header and payload. The
// payload aliases msg.
func decodeReply(msg []byte) (Header, []byte, error) {
	h, err := parseHeader(msg)
	if err != nil {
		return h, nil, err
	}
	if uint64(len(msg)) != HeaderSize+uint64(h.Len) {
		return h, nil, errorString(ErrProtocol, "xenstore: message length "+strconv.FormatUint(uint64(h.Len), 10)+
			" does not match "+strconv.Itoa(len(msg)-HeaderSize)+" payload bytes")
	}
	return h, msg[HeaderSize:], nil
}

// cstr is s followed by the NUL that terminates strings on the wire.
func cstr(s string) []byte {
	b := make([]byte, len(s)+1)
	copy(b, s)
	return b
}

// parseStrings splits a payload of NUL-terminated strings. A final
// string without its NUL is kept rather than lost, and an empty payload
// is an empty list.
func parseStrings(b []byte) []string {
	var out []string
	start := 0
	for i, c := range b {
		if c == 0 {
			out = append(out, string(b[start:i]))
			start = i + 1
		}
	}
	if start < len(b) {
		out = append(out, string(b[start:]))
	}
	return out
}

// firstString is the payload up to its first NUL: how xenstored sends a
// single string such as "OK", a transaction id or a domain path.
func firstString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// validName rejects names that cannot be sent: empty, or containing a NUL
// that would split them on the wire.
func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return false
		}
	}
	return true
}
