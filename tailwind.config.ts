import type { Config } from 'tailwindcss'

// The theme, loaded from app/globals.css with @config. Colours meet WCAG AA on white.
export default {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      // The shell's breakpoint: from here up the menu is a sidebar, below it a button (components/sidebar.tsx).
      screens: { nav: '900px' },
      colors: {
        brand: { DEFAULT: '#4338ca', hover: '#3730a3', soft: '#eef2ff' },
        ink: { DEFAULT: '#111827', muted: '#4b5563', faint: '#6b7280' },
        line: '#e5e7eb',
        danger: { DEFAULT: '#b91c1c', soft: '#fef2f2' },
        warn: { DEFAULT: '#92400e', soft: '#fffbeb' },
        ok: { DEFAULT: '#166534', soft: '#f0fdf4' },
      },
      fontFamily: {
        sans: ['ui-sans-serif', 'system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'sans-serif'],
      },
    },
  },
} satisfies Config
