% worker.m -- the Octave side of the SharedArray demo (run by run-demo):
%   octave-cli --no-gui --norc --no-history --quiet worker.m PREFIX
% attaches PREFIX-frame and PREFIX-params that Python made, computes the
% mean of each column and a thresholded mask, and writes them into two new
% arrays, PREFIX-colmean (float64) and PREFIX-mask (uint8, 240x320).
1;
addpath (getenv ('SA_OCTAVE_PATH'));
args = argv ();
prefix = args{end};

frame = sharedarray_attach ([prefix '-frame'], true);     % read-only
params = sharedarray_attach ([prefix '-params'], true);
thr = params(1);

% frame is C order (numpy's default), so Octave sees its dims reversed:
% size(frame) is [320 240]. read_numpy() gives a copy in numpy's shape.
assert (isequal (size (frame), [320 240]) && isequal (frame.shape (), [240 320]));
img = double (frame.read_numpy ());                         % 240x320

colmean = sharedarray_create ([prefix '-colmean'], 320, 'float64');
colmean(:) = mean (img, 1);
% The mask is C order too: write the transpose so that numpy sees mask[i,j]
% for pixel (i,j) (Octave's mask(j+1, i+1)).
mask = sharedarray_create ([prefix '-mask'], [240 320], 'uint8');
mask(:, :) = uint8 (img > thr)';
printf (['octave: attached %s-frame (%s, Octave size %dx%d), wrote %d column ' ...
         'means to %s-colmean and a mask of pixels > %g to %s-mask\n'], ...
        prefix, frame.dtype (), size (frame, 1), size (frame, 2), numel (colmean), ...
        prefix, thr, prefix);
