% stream_consumer.m -- an Octave consumer of the streaming demo:
%   octave-cli --no-gui --norc --quiet stream_consumer.m PREFIX SLOT
% Sleeps in wait() until the producer notifies a new frame, takes a
% consistent snapshot (under the array's lock), checks that it is whole,
% and acknowledges it in PREFIX-acks(SLOT). Stops at the frame -1.
1;
addpath (getenv ('SA_OCTAVE_PATH'));
args = argv ();
prefix = args{end-1};
slot = str2double (args{end});
frame = sharedarray_attach ([prefix '-frame'], true);       % read-only
acks = sharedarray_attach ([prefix '-acks']);
g = frame.generation ();
acks(slot) = 0;                                             % ready
acks.notify ();
seen = 0;
while true
  g = frame.wait (g, 60);                                   % asleep until notified
  f = frame.snapshot ();
  if any (f(:) != f(1))
    error ('torn frame');
  end
  if f(1) < 0
    break;
  end
  seen += 1;
  acks(slot) = f(1);
  acks.notify ();
end
printf ('octave: woke for %d frames, every one whole\n', seen);
