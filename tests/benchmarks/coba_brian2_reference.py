# Brian2 examples/COBA.py (Vogels & Abbott 2005 COBA, exponential Euler, 1 s) at several seeds:
# the reference mean rate that tests/io/test_preset_dynamics.cpp checks the coba preset against.
# Not part of ctest; needs Debian's python3-brian (apt-get install python3-brian). Usage: python3 coba_brian2_reference.py SEEDS
from brian2 import *
import sys
prefs.codegen.target = 'numpy'
rates=[]
for s in range(int(sys.argv[1])):
    start_scope()
    seed(s)
    taum = 20*ms; taue = 5*ms; taui = 10*ms; Vt = -50*mV; Vr = -60*mV; El = -60*mV
    Ee = 0*mV; Ei = -80*mV; we = 6*nS; wi = 67*nS
    area = 20000*umetre**2
    Cm = (1*ufarad*cm**-2) * area
    gl = (5e-5*siemens*cm**-2) * area
    eqs = '''
    dv/dt  = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v))/Cm : volt (unless refractory)
    dge/dt = -ge*(1./taue) : siemens
    dgi/dt = -gi*(1./taui) : siemens
    '''
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5*ms, method='exponential_euler')
    P.v = 'El + (randn() * 5 - 5)*mV'
    P.ge = '(randn() * 1.5 + 4) * 10.*nS'
    P.gi = '(randn() * 12 + 20) * 10.*nS'
    Ce = Synapses(P, P, on_pre='ge += we'); Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<3200', p=0.02); Ci.connect('i>=3200', p=0.02)
    M = SpikeMonitor(P)
    run(1*second)
    r = M.num_spikes/4000.0
    rates.append(r); print(s, r, flush=True)
print("mean", sum(rates)/len(rates), "min", min(rates), "max", max(rates))
