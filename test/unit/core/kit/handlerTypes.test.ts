/**
 * Handlers are typed by trigger (checked by `tsc -p test` in `npm test`, and by expectTypeOf here).
 */
import { describe, expectTypeOf, it } from 'vitest';
import { CoperniqWebhooks, type AnyWebhookPayload, type HandlerContext, type Stage, type WorkOrder } from '../../../../src/index.js';

describe('handler types', () => {
  const webhooks = new CoperniqWebhooks();

  it('a PROJECT_MOVEMENT handler reads event.currentStage without a cast', () => {
    webhooks.on('PROJECT_MOVEMENT', ({ event, record }, ctx) => {
      expectTypeOf(event.currentStage).toEqualTypeOf<Stage>();
      expectTypeOf(event.previousStage).toEqualTypeOf<Stage | null>();
      expectTypeOf(event.triggerKey).toEqualTypeOf<'PROJECT_MOVEMENT'>();
      expectTypeOf(record?.id).toEqualTypeOf<number | undefined>();
      expectTypeOf(ctx).toEqualTypeOf<HandlerContext>();
      // @ts-expect-error workOrderId belongs to the TASK_* triggers
      void event.workOrderId;
      // @ts-expect-error appointmentId belongs to the APPOINTMENT_* triggers
      void event.appointmentId;
    });
  });

  it('a TASK_* handler gets its work order (required) and its own event fields', () => {
    webhooks.on('TASK_STATUS_MOVEMENT', ({ event, workOrder }) => {
      expectTypeOf(workOrder).toEqualTypeOf<WorkOrder>();
      expectTypeOf(event.currentStatus).toEqualTypeOf<string>();
      // @ts-expect-error currentStage belongs to PROJECT_MOVEMENT
      void event.currentStage;
    });
  });

  it('a handler for several triggers narrows on event.triggerKey', () => {
    webhooks.on(['APPOINTMENT_CREATED', 'APPOINTMENT_RESCHEDULED'], ({ event }) => {
      expectTypeOf(event.dueDate).toEqualTypeOf<string>();
      if (event.triggerKey === 'APPOINTMENT_RESCHEDULED') expectTypeOf(event.previousDueDate).toEqualTypeOf<string | null>();
      // @ts-expect-error only APPOINTMENT_RESCHEDULED has previousDueDate
      else void event.previousDueDate;
    });
  });

  it("'*' gets any payload, a trigger this version does not know included", () => {
    webhooks.on('*', (payload) => {
      expectTypeOf(payload).toEqualTypeOf<AnyWebhookPayload>();
      expectTypeOf(payload.event.eventId).toEqualTypeOf<number>();
    });
  });

  it('unknown trigger names do not compile', () => {
    // @ts-expect-error a typo is caught by the compiler (and at run time)
    expectTypeOf(webhooks.on).toBeCallableWith('PROJECT_MOVMENT', () => {});
  });
});
