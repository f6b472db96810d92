// The reply box with saved replies: `/` at the start of a line (or the button) opens a picker that
// filters as one types; Enter inserts the template in the ticket's language with its placeholders
// filled from the ticket.
import { useEffect, useId, useRef, useState, type TextareaHTMLAttributes } from 'react';
import { fillSavedReply, savedReplyLanguage, SAVED_REPLY_PLACEHOLDERS } from '@app/domain';
import { api, type SavedReply, type Ticket, type User } from './api.js';
import { nameOf, useReference } from './common.js';
import { useI18n } from './i18n.js';

// Templates change rarely (an admin edits them): one load per minute however many tickets are opened.
const MAX_AGE_MS = 60_000;
const MAX_SHOWN = 8;
let cache: { userId: string; at: number; rows: Promise<SavedReply[]> } | null = null;

function loadSavedReplies(user: User): Promise<SavedReply[]> {
  if (!cache || cache.userId !== user.id || Date.now() - cache.at > MAX_AGE_MS) {
    const rows = api.all<SavedReply>('/saved-replies').catch(() => []);
    cache = { userId: user.id, at: Date.now(), rows };
  }
  return cache.rows;
}

function useSavedReplies(user: User): SavedReply[] {
  const [rows, setRows] = useState<SavedReply[]>([]);
  useEffect(() => {
    // The governor's office writes internal notes only: templates are not theirs (the API answers 403).
    if (user.role === 'governor_office') return;
    let live = true;
    void loadSavedReplies(user).then((r) => live && setRows(r));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new user object with the same id and role needs no reload
  }, [user.id, user.role]);
  return rows;
}

const atLineStart = (el: HTMLTextAreaElement): boolean => {
  const before = el.value.slice(0, el.selectionStart);
  return el.selectionStart === el.selectionEnd && (before === '' || before.endsWith('\n'));
};

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  ticket: Ticket;
  user: User;
  value: string;
  onChange: (value: string) => void;
};

/** A textarea for a reply, with the saved-replies picker. */
export function ReplyTextarea({ ticket, user, value, onChange, ...textarea }: Props) {
  const { t, lang } = useI18n();
  const { districts, categories } = useReference();
  const templates = useSavedReplies(user);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const at = useRef(0);
  const box = useRef<HTMLTextAreaElement>(null);
  const filter = useRef<HTMLInputElement>(null);
  const listId = useId();

  const categoryCode = ticket.categoryCode ?? ticket.suggestedCategoryCode ?? null;
  const q = query.trim().toLowerCase();
  const shown = templates
    .filter((r) => !q || [r.code, r.title, r.bodyKk, r.bodyRu].some((s) => s.toLowerCase().includes(q)))
    // The templates of the ticket's category (or suggestion) first.
    .sort((a, b) => Number(b.categoryCode === categoryCode && categoryCode !== null) - Number(a.categoryCode === categoryCode && categoryCode !== null))
    // A short list that needs no scrolling: typing narrows it.
    .slice(0, MAX_SHOWN);

  useEffect(() => {
    if (open) filter.current?.focus();
  }, [open]);

  const openPicker = () => {
    at.current = box.current?.selectionStart ?? value.length;
    setQuery('');
    setActive(0);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    box.current?.focus();
  };
  const insert = (r: SavedReply) => {
    const language = savedReplyLanguage(ticket.language, lang);
    const district = districts.find((d) => d.id === ticket.districtId);
    const category = categories.find((c) => c.code === categoryCode);
    const text = fillSavedReply(language === 'kk' ? r.bodyKk : r.bodyRu, {
      resident_name: ticket.author.name,
      reference: ticket.reference,
      district: district ? nameOf(district, language) : null,
      locality: ticket.locality,
      category: category ? nameOf(category, language) : null,
    });
    const next = value.slice(0, at.current) + text + value.slice(at.current);
    onChange(next);
    setOpen(false);
    const caret = at.current + text.length;
    requestAnimationFrame(() => {
      box.current?.focus();
      box.current?.setSelectionRange(caret, caret);
    });
  };

  const activeId = (i: number) => `${listId}-${i}`;
  return (
    <div className="reply-box">
      <textarea
        {...textarea}
        ref={box}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && templates.length > 0 && atLineStart(e.currentTarget)) {
            e.preventDefault();
            openPicker();
          }
        }}
      />
      {templates.length > 0 && (
        <p className="muted small">
          <button type="button" className="link" onClick={openPicker} aria-expanded={open} data-testid="saved-replies-button">
            {t('savedReplies')} <kbd>/</kbd>
          </button>{' '}
          · {t('savedRepliesHint')}
        </p>
      )}
      {open && (
        <div className="picker" data-testid="saved-reply-picker">
          <input
            ref={filter}
            role="combobox"
            aria-label={t('savedReplyFilter')}
            aria-expanded="true"
            aria-controls={listId}
            aria-activedescendant={shown.length ? activeId(Math.min(active, shown.length - 1)) : undefined}
            placeholder={t('savedReplyFilter')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setActive(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, Math.max(shown.length - 1, 0)));
              else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
              else if (e.key === 'Enter') {
                const pick = shown[Math.min(active, shown.length - 1)];
                if (pick) insert(pick);
              } else if (e.key === 'Escape') close();
              else return;
              e.preventDefault();
              e.stopPropagation();
            }}
            onBlur={(e) => {
              // A click on an option blurs the input first: close only when focus leaves the picker.
              if (!e.currentTarget.parentElement?.contains(e.relatedTarget as Node | null)) setOpen(false);
            }}
          />
          <ul role="listbox" id={listId} aria-label={t('savedReplies')}>
            {shown.map((r, i) => (
              <li
                key={r.id}
                id={activeId(i)}
                role="option"
                aria-selected={i === Math.min(active, shown.length - 1)}
                tabIndex={-1}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => insert(r)}
              >
                <strong>{r.title}</strong> <span className="muted small">/{r.code}</span>
              </li>
            ))}
          </ul>
          {shown.length === 0 && <p className="muted small">{t('savedRepliesEmpty')}</p>}
        </div>
      )}
    </div>
  );
}

/** The placeholders an admin may use, as the template editor's hint. */
export const placeholderList = (): string => SAVED_REPLY_PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
