import type { Metadata } from 'next'
import { HydratedMark } from '@/components/hydrated-mark'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Teamgate', template: '%s · Teamgate' },
  description: 'Users, roles and permissions for your workspace.',
}

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        {children}
        <HydratedMark />
      </body>
    </html>
  )
}
