package serve

import (
	"fmt"
	"net"
	"strings"
)

// CheckAddr refuses an address to listen on that other machines could
// reach, unless public is set: the live view shows every draft and every
// comment, and has no login.
func CheckAddr(addr string, public bool) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--addr %q: %w", addr, err)
	}
	if public || isLoopbackHost(host) {
		return nil
	}
	if host == "" {
		host = "every interface"
	}
	return fmt.Errorf("--addr %q listens on %s, which other machines can reach; use 127.0.0.1:PORT, or add --public", addr, host)
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
