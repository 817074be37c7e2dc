/** A short two-note chime made with WebAudio: no sound file to ship or to load. */
let context: AudioContext | null = null;

/**
 * Browsers start audio only after a user gesture, so the first click or key press on the page
 * creates (or resumes) the audio context; returns the function that stops listening.
 */
export function unlockAudioOnGesture(): () => void {
  const unlock = () => {
    if (typeof AudioContext === 'undefined') return;
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
  };
  const options = { capture: true } as const;
  window.addEventListener('pointerdown', unlock, options);
  window.addEventListener('keydown', unlock, options);
  return () => {
    window.removeEventListener('pointerdown', unlock, options);
    window.removeEventListener('keydown', unlock, options);
  };
}

/** Plays the chime if audio is unlocked; silently does nothing before the first gesture. */
export function playChime(): void {
  if (context?.state !== 'running') return;
  const start = context.currentTime;
  for (const [index, frequency] of [660, 990].entries()) {
    const at = start + index * 0.16;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.4);
  }
}
