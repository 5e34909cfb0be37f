import { useEffect, useRef, useState } from 'react';

interface Props {
  value: string;
  /** Return false (or a message) to refuse the text and keep editing. */
  onCommit: (text: string) => void | boolean | string;
  label: string;
  className?: string;
  placeholder?: string;
  disabled?: boolean;
  inputMode?: 'text' | 'numeric';
}

/**
 * Text that is always an input: saved on Enter or when focus leaves, Escape puts the shown value
 * back. A refused value stays for the user to fix, with the reason as the field's error.
 */
export function InlineText({ value, onCommit, label, className, placeholder, disabled, inputMode }: Props) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const focused = useRef(false);
  // Follow the server's value unless the user is in the middle of typing.
  useEffect(() => {
    if (!focused.current) setText(value);
  }, [value]);

  const commit = () => {
    if (text === value) {
      setError(null);
      return true;
    }
    const result = onCommit(text);
    if (result === false || typeof result === 'string') {
      setError(typeof result === 'string' ? result : 'Not understood');
      return false;
    }
    setError(null);
    return true;
  };

  return (
    <input
      className={`inline-input${error ? ' invalid' : ''}${className ? ` ${className}` : ''}`}
      value={text}
      aria-label={label}
      aria-invalid={error ? true : undefined}
      title={error ?? undefined}
      placeholder={placeholder}
      disabled={disabled}
      inputMode={inputMode}
      onFocus={() => (focused.current = true)}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => {
        focused.current = false;
        if (!commit()) setText(value);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          if (commit()) (e.target as HTMLInputElement).blur();
        } else if (e.key === 'Escape') {
          setText(value);
          setError(null);
          (e.target as HTMLInputElement).blur();
        }
      }}
    />
  );
}
