#!/usr/bin/env python3
"""Independent reference for tests/engine/test_izhikevich.cpp.

Spike counts of one Izhikevich (2003) neuron per cortical/thalamic class over 1000 ms under a
dc step I = 10 from t = 0 (Izhikevich 2003, IEEE TNN 14:1569, Fig. 2 classes), integrated as
in Izhikevich's figure1.m (Izhikevich 2004): forward Euler with tau = 0.25 ms, u updated with the
new v, v >= 30 mV is a spike (v <- c, u <- u + d); v starts at -65 mV and u at b*v.
Plain Python floats (double precision), written separately from the C++ engine.
"""

CLASSES = {  # a, b, c, d  (Izhikevich 2003, Fig. 2)
    "RS": (0.02, 0.2, -65.0, 8.0),
    "IB": (0.02, 0.2, -55.0, 4.0),
    "CH": (0.02, 0.2, -50.0, 2.0),
    "FS": (0.1, 0.2, -65.0, 2.0),
    "LTS": (0.02, 0.25, -65.0, 2.0),
    "TC": (0.02, 0.25, -65.0, 0.05),
    "RZ": (0.1, 0.26, -65.0, 2.0),
}


def count(a, b, c, d, current=10.0, tau=0.25, duration=1000.0):
    v = -65.0
    u = b * v
    spikes = 0
    for _ in range(int(round(duration / tau))):
        v = v + tau * (0.04 * v * v + 5 * v + 140 - u + current)
        u = u + tau * a * (b * v - u)
        if v >= 30.0:
            v = c
            u = u + d
            spikes += 1
    return spikes


if __name__ == "__main__":
    for name, p in CLASSES.items():
        print(name, count(*p))


def count_float32(a, b, c, d, current=10.0, tau=0.25, duration=1000.0):
    """The same scheme with every operation rounded to IEEE single precision, in the order the
    engine evaluates it (the engine keeps state in float32)."""
    import struct

    def f(x):
        return struct.unpack("f", struct.pack("f", x))[0]

    a, b, c, d, current, tau = map(f, (a, b, c, d, current, tau))
    k004, k5, k140 = f(0.04), f(5.0), f(140.0)
    v = f(-65.0)
    u = f(b * v)
    spikes = 0
    for _ in range(int(round(duration / tau))):
        dv = f(f(f(f(f(k004 * v) * v) + f(k5 * v)) + k140) - u)
        dv = f(dv + current)
        v = f(v + f(tau * dv))
        u = f(u + f(f(tau * a) * f(f(b * v) - u)))
        if v >= 30.0:
            v = c
            u = f(u + d)
            spikes += 1
    return spikes


if __name__ == "__main__":
    print("float32:")
    for name, p in CLASSES.items():
        print(name, count_float32(*p))
