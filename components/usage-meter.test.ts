import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { RoleMeter, SeatMeter } from './usage-meter'

const text = (html: string) => html.replace(/<[^>]+>/g, '')
const meter = (kind: typeof SeatMeter, used: number, upgradable: boolean, planHref: string | null = '/settings/billing') =>
  text(renderToStaticMarkup(createElement(kind, { used, limit: 10, planName: 'Team', planHref, upgradable, reasonId: 'r' })))

describe('the usage meters', () => {
  it('at the limit, offer an upgrade only when a plan allows more', () => {
    expect(meter(SeatMeter, 10, true)).toContain('Free a seat (revoke an invitation or delete a member) or upgrade the plan.')
    expect(meter(SeatMeter, 10, false)).toContain('Free a seat (revoke an invitation or delete a member).')
    expect(meter(SeatMeter, 10, false)).not.toContain('upgrade')
    expect(meter(RoleMeter, 10, true, null)).toContain('(its members move to another one or lose it) or ask an owner to upgrade the plan.')
    expect(meter(RoleMeter, 10, false)).toContain('(its members move to another one or lose it).')
  })

  it('near the limit, say how many are left, and the upgrade only when there is one', () => {
    expect(meter(SeatMeter, 9, true)).toContain('Only 1 seat left. Invited, active and suspended members each take one. To add more, upgrade the plan.')
    expect(meter(SeatMeter, 8, false)).toContain('Only 2 seats left. Invited, active and suspended members each take one.')
    expect(meter(RoleMeter, 8, true)).toContain(
      'Only 2 role templates left on the Team plan. To make room, delete a role template you no longer need or upgrade the plan.',
    )
    expect(meter(RoleMeter, 9, false)).toContain('Only 1 role template left on the Team plan. To make room, delete a role template you no longer need.')
    expect(meter(RoleMeter, 5, true)).not.toContain('left')
  })
})
